-- Template version 2: the books' rules move into the database (docs/modules/finance.md).
-- Expand only: a nullable column (no table rewrite), three functions and their triggers. Entries
-- posted before this version carry no posted_xact, so they are frozen from the start; the balance
-- and period checks apply to every posting from this version on.

ALTER TABLE journal_entries ADD COLUMN posted_xact xid8;

-- The books' rules, kept by the database so that no path (API, seed, psql as the tenant role) can
-- break them. A journal entry is posted in one transaction: the entry and its lines and ledger rows
-- may be written until that transaction commits; after that the entry is frozen, and the only
-- change it accepts is posted -> reversed (the reversal itself is a new posted entry). At commit,
-- every posted entry must balance in base currency, and it must lie in an open fiscal period.
-- The functions name their tables through TG_TABLE_SCHEMA, not search_path: the deferred check runs
-- at COMMIT, when the caller's search_path may point anywhere (provisioning, the seed, a pooled
-- connection), and the warm pool renames schemas, so a pinned search_path would go stale.

-- Posting checks the period (held FOR SHARE, so a concurrent close waits for the posting to end)
-- and stamps posted_xact; frozen entries refuse edits and deletion.
CREATE FUNCTION journal_entries_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  period record;
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' AND OLD.posted_xact IS DISTINCT FROM pg_current_xact_id() THEN
      RAISE EXCEPTION 'Journal entry % is posted and cannot be deleted: post a reversal instead.', OLD.entry_number
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'journal_entries_posted_frozen';
    END IF;
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.status <> 'draft' AND OLD.posted_xact IS DISTINCT FROM pg_current_xact_id() THEN
    IF NOT (OLD.status = 'posted' AND NEW.status = 'reversed'
        AND to_jsonb(NEW) - 'status' - 'updated_at' = to_jsonb(OLD) - 'status' - 'updated_at') THEN
      RAISE EXCEPTION 'Journal entry % is posted and cannot be changed: post a reversal instead.', OLD.entry_number
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'journal_entries_posted_frozen';
    END IF;
    RETURN NEW;
  END IF;
  IF NEW.status = 'draft' THEN
    NEW.posted_xact := NULL;
    RETURN NEW;
  END IF;
  EXECUTE format('SELECT p.status AS period_status, p.start_date, p.end_date, y.status AS year_status
      FROM %1$I.fiscal_periods p JOIN %1$I.fiscal_years y ON y.id = p.fiscal_year_id
      WHERE p.id = $1 FOR SHARE OF p', TG_TABLE_SCHEMA)
    INTO period USING NEW.fiscal_period_id;
  IF period.period_status IS DISTINCT FROM 'open' OR period.year_status IS DISTINCT FROM 'open' THEN
    RAISE EXCEPTION 'Journal entry % cannot be posted: its fiscal period is not open.', NEW.entry_number
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_open_period';
  END IF;
  IF NEW.entry_date NOT BETWEEN period.start_date AND period.end_date THEN
    RAISE EXCEPTION 'Journal entry % cannot be posted: its date % lies outside its fiscal period (% to %).',
      NEW.entry_number, NEW.entry_date, period.start_date, period.end_date
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_open_period';
  END IF;
  NEW.posted_xact := pg_current_xact_id();
  RETURN NEW;
END
$$;
CREATE TRIGGER journal_entries_guard BEFORE INSERT OR UPDATE OR DELETE ON journal_entries
  FOR EACH ROW EXECUTE FUNCTION journal_entries_guard();

-- Lines and ledger rows of a frozen entry are frozen with it; ledger rows exist only for posted entries.
CREATE FUNCTION posted_rows_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  entry record;
  entry_id uuid;
BEGIN
  FOREACH entry_id IN ARRAY CASE TG_OP
      WHEN 'INSERT' THEN ARRAY[NEW.journal_entry_id]
      WHEN 'DELETE' THEN ARRAY[OLD.journal_entry_id]
      ELSE ARRAY[OLD.journal_entry_id, NEW.journal_entry_id] END LOOP
    EXECUTE format('SELECT entry_number, status, posted_xact FROM %I.journal_entries WHERE id = $1', TG_TABLE_SCHEMA)
      INTO entry USING entry_id;
    -- A line deleted by the cascade from its (draft) entry finds the entry gone.
    CONTINUE WHEN entry.status IS NULL;
    IF entry.status <> 'draft' AND entry.posted_xact IS DISTINCT FROM pg_current_xact_id() THEN
      RAISE EXCEPTION 'Journal entry % is posted: its % cannot be changed; post a reversal instead.', entry.entry_number,
        replace(TG_TABLE_NAME, '_', ' ')
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'journal_entries_posted_frozen';
    END IF;
    IF TG_TABLE_NAME = 'general_ledger' AND TG_OP <> 'DELETE' AND entry.status = 'draft' THEN
      RAISE EXCEPTION 'Journal entry % is a draft: only posted entries reach the general ledger.', entry.entry_number
        USING ERRCODE = 'check_violation', CONSTRAINT = 'general_ledger_posted_only';
    END IF;
  END LOOP;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE TRIGGER journal_lines_guard BEFORE INSERT OR UPDATE OR DELETE ON journal_lines
  FOR EACH ROW EXECUTE FUNCTION posted_rows_guard();
CREATE TRIGGER general_ledger_guard BEFORE INSERT OR UPDATE OR DELETE ON general_ledger
  FOR EACH ROW EXECUTE FUNCTION posted_rows_guard();

-- At commit: a posted entry has at least two lines, and its debits equal its credits in base
-- currency (each line's amount times its rate, rounded to the cent's hundredth like the columns).
CREATE FUNCTION journal_entries_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  totals record;
BEGIN
  -- The entry may have changed again (or gone back to draft, or away) later in the transaction.
  EXECUTE format('SELECT e.status, count(l.id) AS lines, coalesce(sum(round(l.debit * l.exchange_rate, 4)), 0) AS debit,
      coalesce(sum(round(l.credit * l.exchange_rate, 4)), 0) AS credit
      FROM %1$I.journal_entries e LEFT JOIN %1$I.journal_lines l ON l.journal_entry_id = e.id
      WHERE e.id = $1 GROUP BY e.status', TG_TABLE_SCHEMA)
    INTO totals USING NEW.id;
  IF totals.status IS DISTINCT FROM 'posted' THEN
    RETURN NULL;
  END IF;
  IF totals.lines < 2 OR totals.debit <> totals.credit THEN
    RAISE EXCEPTION 'Journal entry % does not balance: debits % and credits % in base currency over % lines.',
      NEW.entry_number, totals.debit, totals.credit, totals.lines
      USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_balanced';
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT OR UPDATE ON journal_entries
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NEW.status = 'posted') EXECUTE FUNCTION journal_entries_balanced();
