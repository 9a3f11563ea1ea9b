import { createErpClient, type ErpClient, errorCode } from "@erp/client";
import { withTenantTransaction } from "@erp/db";
import { getTenant } from "@erp/tenancy";
import { sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startInProcessApi } from "../src/testing/startInProcessApi.ts";
import { expectStockRulesHold } from "./support/books.ts";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

/**
 * The CMS over the typed client: pages with revisions and publishing, banners with schedule
 * windows, testimonial moderation, FAQ order; the public site.* path (no token) and what it must
 * never show; the tier gate and cross-tenant NOT_FOUND of every new procedure.
 */
let api: TestApi;
let acme: TestTenant;
let other: TestTenant;
let starter: TestTenant;
let site: ErpClient["site"];

beforeAll(async () => {
  api = await startTestApi();
  [acme, other, starter] = await Promise.all([api.provision("acme", "growth"), api.provision("other", "growth"), api.provision("small")]);
  site = createErpClient({ url: api.url }).site;
});
afterAll(async () => api?.close());

const hour = 3600_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

/** Runs SQL as the tenant's own role, in its schema: what any path to the database would be held to. */
async function asTenant(slug: string, query: ReturnType<typeof sql.unsafe>): Promise<void> {
  const tenant = await getTenant(api.platform.pool, slug);
  await withTenantTransaction(api.tenantPool, tenant, async (tx) => {
    await tx.query(query);
  });
}

describe("cms.pages: draft, revisions, publishing", () => {
  test("a draft is not on the website; publishing shows its newest revision; edits wait for the next publish", async () => {
    const pages = acme.client.cms.pages;
    const draft = await pages.create.mutate({ slug: "about/story", title: "Our story", body: "Founded in 1999.", change_note: "first" });
    expect(draft).toMatchObject({ status: "draft", current_revision: 1, published_revision: null, published_at: null });
    await expectCode(site.pages.get.query({ tenant: acme.slug, slug: "about/story" }), "NOT_FOUND");

    const published = await pages.publish.mutate({ id: draft.id });
    expect(published).toMatchObject({ status: "published", current_revision: 1, published_revision: 1 });
    expect(await site.pages.get.query({ tenant: acme.slug, slug: "about/story" })).toMatchObject({
      title: "Our story",
      body: "Founded in 1999.",
      revision: 1,
    });

    const edited = await pages.update.mutate({ id: draft.id, title: "Our long story", body: "Founded in 1998." });
    expect(edited).toMatchObject({ status: "published", current_revision: 2, published_revision: 1, title: "Our long story" });
    // The website goes on showing the published revision.
    expect(await site.pages.get.query({ tenant: acme.slug, slug: "about/story" })).toMatchObject({ title: "Our story", revision: 1 });
    await pages.publish.mutate({ id: draft.id });
    expect(await site.pages.get.query({ tenant: acme.slug, slug: "about/story" })).toMatchObject({
      title: "Our long story",
      body: "Founded in 1998.",
      revision: 2,
    });

    const restored = await pages.revisions.restore.mutate({ id: draft.id, revision: 1 });
    expect(restored).toMatchObject({ title: "Our story", body: "Founded in 1999.", current_revision: 3, published_revision: 2 });
    const revisions = await pages.revisions.list.query({ id: draft.id, limit: 2 });
    expect(revisions.items.map((revision) => [revision.version_number, revision.title, revision.is_published])).toEqual([
      [3, "Our story", false],
      [2, "Our long story", true],
    ]);
    expect(revisions.items[0]?.change_note).toBe("Restored revision 1.");
    expect(revisions.nextCursor).toBe(2);
    const rest = await pages.revisions.list.query({ id: draft.id, cursor: 2, limit: 2 });
    expect(rest).toEqual({ items: [expect.objectContaining({ version_number: 1, change_note: "first" })], nextCursor: null });
    await expectCode(pages.revisions.restore.mutate({ id: draft.id, revision: 9 }), "NOT_FOUND");

    expect((await site.pages.list.query({ tenant: acme.slug })).items.map((page) => page.slug)).toEqual(["about/story"]);
    await pages.unpublish.mutate({ id: draft.id });
    await expectCode(site.pages.get.query({ tenant: acme.slug, slug: "about/story" }), "NOT_FOUND");
    expect((await site.pages.list.query({ tenant: acme.slug })).items).toEqual([]);
    expect(await expectCode(pages.unpublish.mutate({ id: draft.id }), "BAD_REQUEST")).toBe(
      "Page about/story is draft: only a published page can be unpublished.",
    );

    const archived = await pages.archive.mutate({ id: draft.id });
    expect(archived).toMatchObject({ status: "archived", published_revision: null, current_revision: 3 });
    await expectCode(pages.update.mutate({ id: draft.id, title: "Again" }), "BAD_REQUEST");
    await expectCode(pages.publish.mutate({ id: draft.id }), "BAD_REQUEST");
    await expectCode(pages.revisions.restore.mutate({ id: draft.id, revision: 1 }), "BAD_REQUEST");
    await expectStockRulesHold(api, acme.slug);
  });

  test("a slug is unique, well-formed, and an empty update is refused in one sentence", async () => {
    const pages = acme.client.cms.pages;
    const page = await pages.create.mutate({ slug: "faq-intro", title: "FAQ" });
    expect(await expectCode(pages.create.mutate({ slug: "faq-intro", title: "Again" }), "CONFLICT")).toBe(
      "slug 'faq-intro' is already taken.",
    );
    await expectCode(pages.create.mutate({ slug: "x; DROP SCHEMA", title: "Bad" }), "BAD_REQUEST");
    expect(await expectCode(pages.update.mutate({ id: page.id }), "BAD_REQUEST")).toBe(
      "Nothing to change: give at least one field of the page.",
    );
  });

  test("the database keeps revisions frozen and a published page tied to exactly one published revision", async () => {
    const page = await acme.client.cms.pages.create.mutate({ slug: "rules", title: "Rules" });
    await expect(
      asTenant(acme.slug, sql.unsafe`UPDATE cms_page_versions SET title = 'Rewritten' WHERE cms_page_id = ${page.id}`),
    ).rejects.toThrow(/cannot be changed/);
    await expect(
      asTenant(acme.slug, sql.unsafe`UPDATE cms_pages SET status = 'published', published_at = now() WHERE id = ${page.id}`),
    ).rejects.toThrow(/published exactly when one revision is/);
    expect((await acme.client.cms.pages.get.query({ id: page.id })).status).toBe("draft");
  });
});

describe("cms.banners: schedule windows", () => {
  test("only an active banner within its window is on the website", async () => {
    const banners = acme.client.cms.banners;
    const image_url = "https://cdn.example.test/b.jpg";
    const now = await banners.create.mutate({ title: "Now", image_url, starts_at: at(-hour), ends_at: at(hour) });
    const later = await banners.create.mutate({ title: "Later", image_url, starts_at: at(hour), ends_at: at(2 * hour) });
    const over = await banners.create.mutate({ title: "Over", image_url, starts_at: at(-2 * hour), ends_at: at(-hour) });
    const open = await banners.create.mutate({ title: "Open", image_url, placement: "sidebar" });
    const titles = async (placement?: "sidebar") =>
      (await site.banners.active.query({ tenant: acme.slug, placement })).items.map((banner) => banner.title).sort();
    expect(await titles()).toEqual([]);
    for (const banner of [now, later, over, open]) expect((await banners.activate.mutate({ id: banner.id })).status).toBe("active");
    expect(await titles()).toEqual(["Now", "Open"]);
    expect(await titles("sidebar")).toEqual(["Open"]);

    await banners.pause.mutate({ id: now.id });
    expect(await titles()).toEqual(["Open"]);
    await banners.activate.mutate({ id: now.id });
    // Moving a window into the past takes the banner off; the database refuses an end before the start.
    await banners.update.mutate({ id: now.id, starts_at: at(-3 * hour), ends_at: at(-2 * hour) });
    expect(await titles()).toEqual(["Open"]);
    await expectCode(banners.update.mutate({ id: later.id, ends_at: at(-hour) }), "BAD_REQUEST");
    await expectCode(banners.create.mutate({ title: "Bad", image_url, starts_at: at(hour), ends_at: at(hour) }), "BAD_REQUEST");

    await banners.archive.mutate({ id: open.id });
    expect(await titles()).toEqual([]);
    expect(await expectCode(banners.activate.mutate({ id: open.id }), "BAD_REQUEST")).toBe(
      "Banner Open is archived: only a draft or paused banner can be activated.",
    );
  });
});

describe("cms.testimonials: moderation", () => {
  test("pending is never public; approve shows it; a changed quote goes back to pending", async () => {
    const testimonials = acme.client.cms.testimonials;
    const me = await acme.client.auth.me.query();
    const created = await testimonials.create.mutate({ author_name: "Ann", quote: "Great mugs.", rating: 5 });
    expect(created).toMatchObject({ status: "pending", moderated_at: null, moderated_by: null });
    const publicQuotes = async () => (await site.testimonials.list.query({ tenant: acme.slug })).items.map((item) => item.quote);
    expect(await publicQuotes()).toEqual([]);
    await expectCode(testimonials.archive.mutate({ id: created.id }), "BAD_REQUEST");

    const approved = await testimonials.approve.mutate({ id: created.id });
    expect(approved).toMatchObject({ status: "approved", moderated_by: me.user.id });
    expect(await publicQuotes()).toEqual(["Great mugs."]);

    const edited = await testimonials.update.mutate({ id: created.id, quote: "Great mugs, terrible tea." });
    expect(edited).toMatchObject({ status: "pending", moderated_at: null });
    expect(await publicQuotes()).toEqual([]);
    // Featuring changes nothing the visitor reads about the author: no new moderation needed.
    await testimonials.approve.mutate({ id: created.id });
    expect((await testimonials.update.mutate({ id: created.id, is_featured: true })).status).toBe("approved");

    await testimonials.reject.mutate({ id: created.id });
    expect(await publicQuotes()).toEqual([]);
    await testimonials.archive.mutate({ id: created.id });
    expect(await expectCode(testimonials.approve.mutate({ id: created.id }), "BAD_REQUEST")).toBe(
      "The testimonial by Ann is archived: only a pending or rejected testimonial can be approved.",
    );
    await expectCode(testimonials.create.mutate({ author_name: "Bo", quote: "Hm.", rating: 6 }), "BAD_REQUEST");
    const sneaky = await testimonials.create.mutate({ author_name: "Cy", quote: "Sneaky." });
    await expect(asTenant(acme.slug, sql.unsafe`UPDATE testimonials SET status = 'approved' WHERE id = ${sneaky.id}`)).rejects.toThrow();
  });
});

describe("cms.faqs: order", () => {
  test("FAQs take the next place; reorder sets the whole group; the site shows published ones in order", async () => {
    const { faqs, faqCategories } = acme.client.cms;
    const shipping = await faqCategories.create.mutate({ slug: "shipping", name: "Shipping", position: 1 });
    const [a, b, c] = [
      await faqs.create.mutate({ faq_category_id: shipping.id, question: "A?", answer: "a", status: "published" }),
      await faqs.create.mutate({ faq_category_id: shipping.id, question: "B?", answer: "b", status: "published" }),
      await faqs.create.mutate({ faq_category_id: shipping.id, question: "C?", answer: "c" }),
    ];
    expect([a, b, c].map((faq) => faq?.position)).toEqual([0, 1, 2]);
    const ids = (list: { id: string }[]) => list.map((item) => item.id);
    const reordered = await faqs.reorder.mutate({ faq_category_id: shipping.id, ids: [c?.id ?? "", a?.id ?? "", b?.id ?? ""] });
    expect(reordered.items.map((faq) => [faq.question, faq.position])).toEqual([
      ["C?", 0],
      ["A?", 1],
      ["B?", 2],
    ]);
    const listed = await site.faqs.list.query({ tenant: acme.slug, category: "shipping" });
    expect(listed.items.map((faq) => [faq.question, faq.category?.slug])).toEqual([
      ["A?", "shipping"],
      ["B?", "shipping"],
    ]);
    expect(await expectCode(faqs.reorder.mutate({ faq_category_id: shipping.id, ids: [a?.id ?? "", b?.id ?? ""] }), "BAD_REQUEST")).toBe(
      `ids: FAQ ${c?.id} of the group is missing; list every FAQ of the group.`,
    );
    await expectCode(
      faqs.reorder.mutate({ faq_category_id: shipping.id, ids: [a?.id ?? "", a?.id ?? "", b?.id ?? "", c?.id ?? ""] }),
      "BAD_REQUEST",
    );
    await expectCode(faqs.reorder.mutate({ faq_category_id: null, ids: [a?.id ?? ""] }), "BAD_REQUEST");
    await expectCode(site.faqs.list.query({ tenant: acme.slug, category: "returns" }), "NOT_FOUND");

    const moved = await faqs.move.mutate({ id: a?.id ?? "", faq_category_id: null });
    expect(moved).toMatchObject({ faq_category_id: null, position: 0 });
    const page1 = await site.faqs.list.query({ tenant: acme.slug, limit: 1 });
    const page2 = await site.faqs.list.query({ tenant: acme.slug, limit: 5, cursor: page1.nextCursor ?? undefined });
    expect([...ids(page1.items), ...ids(page2.items)]).toEqual([a?.id, b?.id]);
    expect(page2.nextCursor).toBeNull();
    // The database refuses two FAQs in one place of a group, whatever path writes them.
    await expect(asTenant(acme.slug, sql.unsafe`UPDATE faqs SET position = 0 WHERE id = ${b?.id}`)).rejects.toThrow(/duplicate key/);
  });

  test("concurrent additions and reorders of one group take turns: places stay 0..n-1", async () => {
    const { faqs, faqCategories } = acme.client.cms;
    const group = await faqCategories.create.mutate({ slug: "busy", name: "Busy" });
    const added = await Promise.all(
      Array.from({ length: 8 }, (_, k) => faqs.create.mutate({ faq_category_id: group.id, question: `Q${k}?`, answer: "x" })),
    );
    expect(added.map((faq) => faq.position).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const order = added.map((faq) => faq.id);
    const reversed = [...order].reverse();
    // Two reorders at once: both succeed, one after the other; the group ends in one of the two orders.
    await Promise.all([
      faqs.reorder.mutate({ faq_category_id: group.id, ids: order }),
      faqs.reorder.mutate({ faq_category_id: group.id, ids: reversed }),
    ]);
    const settled = (await faqs.list.query({ faq_category_id: group.id, limit: 100 })).items
      .sort((x, y) => x.position - y.position)
      .map((faq) => faq.id);
    expect([order, reversed]).toContainEqual(settled);
    // A reorder racing an addition either goes first or is refused as stale (BAD_REQUEST), never half-applied.
    const [late, racing] = await Promise.allSettled([
      faqs.create.mutate({ faq_category_id: group.id, question: "Late?", answer: "x" }),
      faqs.reorder.mutate({ faq_category_id: group.id, ids: order }),
    ]);
    expect(late.status).toBe("fulfilled");
    if (racing.status === "rejected") expect(errorCode(racing.reason)).toBe("BAD_REQUEST");
    const final = await faqs.list.query({ faq_category_id: group.id, limit: 100 });
    expect(final.items.map((faq) => faq.position).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe("site.*: the public read path", () => {
  test("needs no token, and names the tenant by its slug; another tenant's page is not found by its slug", async () => {
    const page = await acme.client.cms.pages.create.mutate({ slug: "contact", title: "Contact acme" });
    await acme.client.cms.pages.publish.mutate({ id: page.id });
    expect((await site.pages.get.query({ tenant: acme.slug, slug: "contact" })).title).toBe("Contact acme");
    const notFound = await expectCode(site.pages.get.query({ tenant: other.slug, slug: "contact" }), "NOT_FOUND");
    expect(notFound).toBe("The site has no page 'contact'.");
    expect((await site.pages.list.query({ tenant: other.slug })).items).toEqual([]);
  });

  test("unknown, suspended and starter tenants answer the same NOT_FOUND; malformed slugs a clean BAD_REQUEST", async () => {
    const unknown = api.db.slug("nobody");
    const sameFor = async (slug: string) => expectCode(site.pages.list.query({ tenant: slug }), "NOT_FOUND");
    expect(await sameFor(unknown)).toBe(`No website has the address '${unknown}'.`);
    expect(await sameFor(starter.slug)).toBe(`No website has the address '${starter.slug}'.`);
    for (const call of [
      () => site.pages.get.query({ tenant: "x; DROP SCHEMA public", slug: "contact" }),
      () => site.pages.get.query({ tenant: acme.slug, slug: "x; DROP SCHEMA public" }),
      () => site.faqs.list.query({ tenant: acme.slug, category: "x'; --" }),
      () => site.banners.active.query({ tenant: "Robert'); DROP TABLE tenants;--" }),
    ]) {
      expect(await expectCode(call(), "BAD_REQUEST")).toMatch(/^Invalid input: (tenant|slug|category): /);
    }
    const suspended = await api.provision("gone", "growth");
    await api.operator.platform.tenants.suspend.mutate({ slug: suspended.slug });
    expect(await sameFor(suspended.slug)).toBe(`No website has the address '${suspended.slug}'.`);
  });

  test("a client address past its allowance gets 429 with Retry-After", async () => {
    const limited = await startInProcessApi({ platform: api.platform, env: { siteLimits: { requestsPerWindow: 3, windowSeconds: 60 } } });
    try {
      const url = `${limited.url}/trpc/site.pages.list?input=${encodeURIComponent(JSON.stringify({ tenant: acme.slug }))}`;
      for (let k = 0; k < 3; k++) expect((await fetch(url)).status).toBe(200);
      const refused = await fetch(url);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      // Unknown tenants and bad input are counted too: the limit comes before anything else.
      expect((await fetch(`${limited.url}/trpc/site.pages.list?input=${encodeURIComponent('{"tenant":"nobody_here"}')}`)).status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  test("a demo tenant's seeded pages are on its website, and every rule holds", async () => {
    const slug = api.db.slug("demo");
    await api.operator.platform.tenants.provision.mutate({ slug, tier: "growth", admin: { email: "admin@demo.test" }, seedDemoData: true });
    const pages = await site.pages.list.query({ tenant: slug, limit: 100 });
    expect(pages.items.length).toBeGreaterThan(0);
    const first = await site.pages.get.query({ tenant: slug, slug: pages.items[0]?.slug ?? "" });
    expect(first.revision).toBe(1);
    expect((await site.faqs.list.query({ tenant: slug, limit: 100 })).items.length).toBeGreaterThan(0);
    await expectStockRulesHold(api, slug);
  });
});

describe("tier gate and isolation", () => {
  test("a starter tenant gets FORBIDDEN from every new cms procedure", async () => {
    const cms = starter.client.cms;
    const id = "0190a000-0000-7000-8000-000000000000";
    const calls: (() => Promise<unknown>)[] = [
      () => cms.pages.get.query({ id }),
      () => cms.pages.create.mutate({ slug: "a", title: "A" }),
      () => cms.pages.update.mutate({ id, title: "A" }),
      () => cms.pages.publish.mutate({ id }),
      () => cms.pages.unpublish.mutate({ id }),
      () => cms.pages.archive.mutate({ id }),
      () => cms.pages.revisions.list.query({ id }),
      () => cms.pages.revisions.restore.mutate({ id, revision: 1 }),
      () => cms.banners.list.query({}),
      () => cms.banners.create.mutate({ title: "B", image_url: "https://cdn.example.test/b.jpg" }),
      () => cms.banners.activate.mutate({ id }),
      () => cms.testimonials.list.query({}),
      () => cms.testimonials.create.mutate({ author_name: "A", quote: "Q" }),
      () => cms.testimonials.approve.mutate({ id }),
      () => cms.faqCategories.list.query({}),
      () => cms.faqs.create.mutate({ question: "Q?", answer: "A" }),
      () => cms.faqs.reorder.mutate({ faq_category_id: null, ids: [id] }),
      () => cms.faqs.move.mutate({ id, faq_category_id: null }),
    ];
    for (const call of calls) expect(await expectCode(call(), "FORBIDDEN")).toMatch(/^The cms module is not part of the starter tier/);
  });

  test("another tenant cannot read or change acme's pages, banners, testimonials and FAQs by id", async () => {
    const { cms } = acme.client;
    const page = await cms.pages.create.mutate({ slug: "private", title: "Private" });
    const banner = await cms.banners.create.mutate({ title: "Mine", image_url: "https://cdn.example.test/m.jpg" });
    const testimonial = await cms.testimonials.create.mutate({ author_name: "Dee", quote: "Mine." });
    const category = await cms.faqCategories.create.mutate({ slug: "private", name: "Private" });
    const faq = await cms.faqs.create.mutate({ faq_category_id: category.id, question: "Mine?", answer: "yes" });
    const theirs = other.client.cms;
    const calls: (() => Promise<unknown>)[] = [
      () => theirs.pages.get.query({ id: page.id }),
      () => theirs.pages.update.mutate({ id: page.id, title: "Stolen" }),
      () => theirs.pages.publish.mutate({ id: page.id }),
      () => theirs.pages.unpublish.mutate({ id: page.id }),
      () => theirs.pages.archive.mutate({ id: page.id }),
      () => theirs.pages.revisions.list.query({ id: page.id }),
      () => theirs.pages.revisions.restore.mutate({ id: page.id, revision: 1 }),
      () => theirs.pages.create.mutate({ slug: "child", title: "Child", parent_id: page.id }),
      () => theirs.banners.get.query({ id: banner.id }),
      () => theirs.banners.update.mutate({ id: banner.id, title: "Stolen" }),
      () => theirs.banners.activate.mutate({ id: banner.id }),
      () => theirs.banners.pause.mutate({ id: banner.id }),
      () => theirs.banners.archive.mutate({ id: banner.id }),
      () => theirs.testimonials.get.query({ id: testimonial.id }),
      () => theirs.testimonials.update.mutate({ id: testimonial.id, quote: "Stolen" }),
      () => theirs.testimonials.approve.mutate({ id: testimonial.id }),
      () => theirs.testimonials.reject.mutate({ id: testimonial.id }),
      () => theirs.testimonials.archive.mutate({ id: testimonial.id }),
      () => theirs.faqCategories.get.query({ id: category.id }),
      () => theirs.faqs.get.query({ id: faq.id }),
      () => theirs.faqs.create.mutate({ faq_category_id: category.id, question: "Q?", answer: "A" }),
      () => theirs.faqs.reorder.mutate({ faq_category_id: null, ids: [faq.id] }),
      () => theirs.faqs.reorder.mutate({ faq_category_id: category.id, ids: [faq.id] }),
      () => theirs.faqs.move.mutate({ id: faq.id, faq_category_id: null }),
    ];
    for (const call of calls) await expectCode(call(), "NOT_FOUND");
    expect(await cms.pages.get.query({ id: page.id })).toMatchObject({ title: "Private", status: "draft", current_revision: 1 });
    expect(await cms.banners.get.query({ id: banner.id })).toMatchObject({ title: "Mine", status: "draft" });
    expect(await cms.testimonials.get.query({ id: testimonial.id })).toMatchObject({ quote: "Mine.", status: "pending" });
    await expectStockRulesHold(api, acme.slug);
    await expectStockRulesHold(api, other.slug);
  });
});
