-- Published sanctions and PEP lists, loaded by the operator (`vouch lists import`) for screening
-- with Vouch's own index. Shared by every tenant, as the lists are: the server's role reads them
-- and writes nothing; imports go through the owner's connection.
--
-- An import writes a new version beside the current one (`loading`) and makes it `current` in
-- one transaction at the end: an import killed halfway leaves the old version serving, and its
-- rows are removed by the next import of the dataset.
CREATE TABLE screening_list_versions (
    dataset text NOT NULL CHECK (dataset ~ '^[a-z0-9_-]{1,64}$'),
    version text NOT NULL CHECK (version ~ '^[A-Za-z0-9_.:-]{1,100}$'),
    state text NOT NULL CHECK (state IN ('loading', 'current', 'retired')),
    -- Built on the version before it (a delta), or a full list.
    base_version text,
    entities integer NOT NULL DEFAULT 0,
    bad_lines integer NOT NULL DEFAULT 0,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    PRIMARY KEY (dataset, version)
);
CREATE UNIQUE INDEX screening_list_one_current ON screening_list_versions (dataset) WHERE state = 'current';

CREATE TABLE screening_entities (
    dataset text NOT NULL,
    version text NOT NULL,
    id text NOT NULL,
    schema text NOT NULL,
    caption text NOT NULL,
    names text[] NOT NULL,
    aliases text[] NOT NULL DEFAULT '{}',
    birth_dates text[] NOT NULL DEFAULT '{}',
    countries text[] NOT NULL DEFAULT '{}',
    topics text[] NOT NULL DEFAULT '{}',
    datasets text[] NOT NULL DEFAULT '{}',
    last_change text,
    PRIMARY KEY (dataset, version, id),
    FOREIGN KEY (dataset, version) REFERENCES screening_list_versions (dataset, version) ON DELETE CASCADE
);

GRANT SELECT ON screening_list_versions, screening_entities TO vouch_app;
