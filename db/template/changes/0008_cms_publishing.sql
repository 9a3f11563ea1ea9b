-- CMS publishing (docs/modules/cms.md): page revisions with one published revision per page,
-- testimonial moderation, FAQ places unique per group.
-- Expand only: a column with a constant default, nullable columns, new indexes, triggers and rules.
-- Existing rows are brought under the new rules first: every page gets a revision holding its
-- current content (published when the page is), decided testimonials get a moderation time, and
-- each FAQ group is renumbered 0, 1, 2, ... in its current order.

ALTER TABLE cms_page_versions ADD COLUMN is_published boolean NOT NULL DEFAULT false;

INSERT INTO cms_page_versions (cms_page_id, version_number, title, body, meta_title, meta_description, change_note, created_by)
SELECT p.id, coalesce(newest.version_number, 0) + 1, p.title, p.body, p.meta_title, p.meta_description,
  'The page as it was when revisions began.', p.author_id
FROM cms_pages p
LEFT JOIN LATERAL (
  SELECT v.version_number, v.title, v.body, v.meta_title, v.meta_description FROM cms_page_versions v
  WHERE v.cms_page_id = p.id ORDER BY v.version_number DESC LIMIT 1
) newest ON true
WHERE newest.version_number IS NULL
  OR (newest.title, newest.body, newest.meta_title, newest.meta_description)
    IS DISTINCT FROM (p.title, p.body, p.meta_title, p.meta_description);

UPDATE cms_page_versions v SET is_published = true
FROM cms_pages p
WHERE p.id = v.cms_page_id AND p.status = 'published'
  AND v.version_number = (SELECT max(n.version_number) FROM cms_page_versions n WHERE n.cms_page_id = p.id);

-- The website shows a published page's published revision: at most one per page.
CREATE UNIQUE INDEX cms_page_versions_one_published_key ON cms_page_versions (cms_page_id) WHERE is_published;

-- A revision is history: its content never changes (only which revision is published moves).
CREATE FUNCTION cms_page_versions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.cms_page_id, NEW.version_number, NEW.title, NEW.body, NEW.meta_title, NEW.meta_description, NEW.change_note, NEW.created_by, NEW.created_at)
    IS DISTINCT FROM
     (OLD.cms_page_id, OLD.version_number, OLD.title, OLD.body, OLD.meta_title, OLD.meta_description, OLD.change_note, OLD.created_by, OLD.created_at) THEN
    RAISE EXCEPTION 'Revision % of a page cannot be changed: save the page to make a new revision.', OLD.version_number
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'cms_page_versions_frozen';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER cms_page_versions_frozen BEFORE UPDATE ON cms_page_versions
  FOR EACH ROW EXECUTE FUNCTION cms_page_versions_frozen();

-- At commit, a page is published exactly when one of its revisions is: the website never shows a
-- published page without content, nor content of a page that is not published. Deferred, so a
-- transaction may write the page and its revision in either order. Tables are named through
-- TG_TABLE_SCHEMA: at commit the caller's search_path may point anywhere.
CREATE FUNCTION cms_pages_published_revision() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  page_id uuid;
  page_status text;
  page_slug text;
  published integer;
BEGIN
  IF TG_TABLE_NAME = 'cms_pages' THEN
    page_id := NEW.id;
  ELSIF TG_OP = 'DELETE' THEN
    page_id := OLD.cms_page_id;
  ELSE
    page_id := NEW.cms_page_id;
  END IF;
  EXECUTE format('SELECT status, slug FROM %I.cms_pages WHERE id = $1', TG_TABLE_SCHEMA) INTO page_status, page_slug USING page_id;
  IF page_status IS NULL THEN
    RETURN NULL;
  END IF;
  EXECUTE format('SELECT count(*) FROM %I.cms_page_versions WHERE cms_page_id = $1 AND is_published', TG_TABLE_SCHEMA)
    INTO published USING page_id;
  IF (page_status = 'published') <> (published = 1) THEN
    RAISE EXCEPTION 'Page % is % but has % published revisions: a page is published exactly when one revision is.', page_slug, page_status, published
      USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'cms_pages_published_revision';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER cms_pages_published_revision AFTER INSERT OR UPDATE OF status ON cms_pages
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cms_pages_published_revision();
CREATE CONSTRAINT TRIGGER cms_page_versions_published_revision AFTER INSERT OR UPDATE OF is_published OR DELETE ON cms_page_versions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cms_pages_published_revision();

ALTER TABLE testimonials ADD COLUMN moderated_by uuid REFERENCES users (id);
ALTER TABLE testimonials ADD COLUMN moderated_at timestamptz;
UPDATE testimonials SET moderated_at = updated_at WHERE status <> 'pending';
ALTER TABLE testimonials ADD CONSTRAINT testimonials_moderated CHECK ((status = 'pending') = (moderated_at IS NULL));
CREATE INDEX testimonials_moderated_by_idx ON testimonials (moderated_by);
COMMENT ON CONSTRAINT testimonials_moderated ON testimonials IS 'A testimonial is pending exactly until it is moderated: moderated_at is set when status leaves pending.';

UPDATE faqs f SET position = ranked.place
FROM (SELECT id, (row_number() OVER (PARTITION BY faq_category_id ORDER BY position, id) - 1)::integer AS place FROM faqs) ranked
WHERE ranked.id = f.id AND f.position <> ranked.place;
ALTER TABLE faqs ADD CONSTRAINT faqs_position_key UNIQUE NULLS NOT DISTINCT (faq_category_id, position) DEFERRABLE INITIALLY IMMEDIATE;
