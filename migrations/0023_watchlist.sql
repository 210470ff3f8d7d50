-- A tenant's own watch list: people the merchant screens applicants against besides the
-- sanctions and PEP lists (former customers it closed for fraud, its own blocklists). The API
-- checks every value first; the checks here keep a row from any other writer just as strict.

-- Whether every item of `items` is non-null and matches `pattern` (true for an empty array).
CREATE FUNCTION every_item_matches(items text[], pattern text) RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog, pg_temp
    AS $$
        SELECT array_position(items, NULL) IS NULL
            AND coalesce((SELECT bool_and(item ~ pattern) FROM unnest(items) AS item), true)
    $$;
REVOKE ALL ON FUNCTION every_item_matches(text[], text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION every_item_matches(text[], text) TO vouch_app;

CREATE TABLE watchlist_entries (
    tenant_id uuid NOT NULL REFERENCES tenants (id),
    id uuid NOT NULL,
    names text[] NOT NULL CHECK (cardinality(names) BETWEEN 1 AND 20 AND every_item_matches(names, '^.{1,200}$')),
    -- YYYY, YYYY-MM or YYYY-MM-DD: lists often know only the year.
    birth_dates text[] NOT NULL DEFAULT '{}'
        CHECK (cardinality(birth_dates) <= 20 AND every_item_matches(birth_dates, '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$')),
    -- ISO 3166-1 alpha-2 in lower case, as screening services index countries.
    countries text[] NOT NULL DEFAULT '{}'
        CHECK (cardinality(countries) <= 20 AND every_item_matches(countries, '^[a-z]{2}$')),
    -- FollowTheMoney topics (`sanction`, `role.pep`, `crime`, …), so a hit reads like a list's.
    topics text[] NOT NULL DEFAULT '{}'
        CHECK (cardinality(topics) <= 20 AND every_item_matches(topics, '^[a-z0-9._-]{1,64}$')),
    -- The merchant's own id for the entry.
    reference text CHECK (char_length(reference) BETWEEN 1 AND 200),
    note text CHECK (char_length(note) BETWEEN 1 AND 1000),
    -- The names' blocking keys (the first two letters of each word, folded, as Vouch computes
    -- them): screening reads only the entries that share one with the person.
    name_keys text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

CREATE INDEX watchlist_entries_by_name_key ON watchlist_entries USING gin (name_keys);

SELECT isolate_tenant_table('watchlist_entries');

-- Tables are born without privileges since 0015: the server's role gets what it uses, by name.
GRANT SELECT, INSERT, UPDATE, DELETE ON watchlist_entries TO vouch_app;
