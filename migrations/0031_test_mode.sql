-- Test mode: every tenant has a twin for its test keys, a tenant of its own in the database.
--
-- Everything a test key does is written and read as the twin, so the fence that keeps tenants
-- apart (tenant_id under row-level security) keeps the modes apart too: a test key's transaction
-- cannot see or write a live row, whatever the code above it does. A twin's id is its live
-- tenant's id with the UUID version nibble set to 8, so the mode can be read from any tenant id
-- without a lookup; the check below holds every row to that.
ALTER TABLE tenants ADD COLUMN live_tenant_id uuid UNIQUE REFERENCES tenants (id);
ALTER TABLE tenants ADD COLUMN livemode boolean GENERATED ALWAYS AS (live_tenant_id IS NULL) STORED;
ALTER TABLE tenants ADD CONSTRAINT tenants_mode_in_id
    CHECK (livemode = (substr(id::text, 15, 1) <> '8'));

-- Test mode's stand-in for the regulator's callback: a job that answers a pending check.
ALTER TABLE jobs DROP CONSTRAINT jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check CHECK (
    kind IN ('check_document', 'decide_applicant', 'screen_applicant', 'monitor_applicants', 'answer_test_regulator')
);

-- DELETE /v1/test-data: everything a test-mode twin's applicants left — applicants, documents,
-- checks, reviews, events, deliveries, jobs, usage — in one call. Keys, webhook endpoints, rules
-- and the watch list stay, as does the audit trail (which records the wipe). It refuses to run
-- in a live tenant's scope, so no code path can wipe live data with it. Runs as the owner
-- because the server's role may not delete events or usage; the tenant scope still limits it.
CREATE FUNCTION delete_test_data() RETURNS TABLE (relation text, deleted bigint)
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    twin uuid := current_tenant_id();
    doomed text;
BEGIN
    IF twin IS NULL OR NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = twin AND NOT t.livemode) THEN
        RAISE EXCEPTION 'test data is deleted only in a test-mode tenant' USING ERRCODE = '42501';
    END IF;
    FOREACH doomed IN ARRAY ARRAY[
        'jobs', 'webhook_deliveries', 'events', 'regulator_references', 'applicant_checks', 'reviews',
        'screening_clearances', 'current_documents', 'document_files', 'documents', 'applicant_keys',
        'deletion_certificates', 'idempotency_keys', 'usage_events', 'monitoring_runs', 'applicants'
    ] LOOP
        relation := doomed;
        EXECUTE format('DELETE FROM %I WHERE tenant_id = $1', doomed) USING twin;
        GET DIAGNOSTICS deleted = ROW_COUNT;
        RETURN NEXT;
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION delete_test_data() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION delete_test_data() TO vouch_app;
