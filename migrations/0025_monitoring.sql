-- Ongoing monitoring: when a list loaded locally changes, a job per monitoring tenant queues a new
-- screening of each of its verified applicants; each applicant monitored is billed once a month.
ALTER TABLE jobs DROP CONSTRAINT jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check
    CHECK (kind IN ('check_document', 'decide_applicant', 'screen_applicant', 'monitor_applicants'));

UPDATE plans SET prices = prices || '{"monitoring": 10}'::jsonb WHERE NOT prices ? 'monitoring';
