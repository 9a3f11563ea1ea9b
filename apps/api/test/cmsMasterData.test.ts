import { createErpClient, type ErpClient } from "@erp/client";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectCrudLifecycle } from "./support/crudLifecycle.ts";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

/**
 * The CMS master data and simple workflows over the typed client: every entity created, read,
 * listed, changed and archived or removed, refused bad input with the field named and hidden from
 * another tenant; blog posts drafted, published, unpublished and archived, tagged; comments
 * moderated; contact messages handled; newsletter consent; the public blog path shows published
 * posts only, of its own tenant only; a starter tenant is refused the module.
 */
let api: TestApi;
let acme: TestTenant;
let other: TestTenant;
let starter: TestTenant;
let cms: ErpClient["cms"];
let theirs: ErpClient["cms"];
let site: ErpClient["site"];

beforeAll(async () => {
  api = await startTestApi();
  [acme, other, starter] = await Promise.all([
    api.provision("cmsmd", "growth"),
    api.provision("cmsmdb", "growth"),
    api.provision("cmsmds"),
  ]);
  cms = acme.client.cms;
  theirs = other.client.cms;
  site = createErpClient({ url: api.url }).site;
});
afterAll(async () => api?.close());

describe("cms master data: create → get → list → update → archive/remove, bad input, other tenant", () => {
  test("blog categories, tags, posts and comments", async () => {
    await expectCrudLifecycle({
      mine: cms.blogCategories,
      theirs: theirs.blogCategories,
      create: { slug: "news", name: "News" },
      patch: { name: "Company news" },
      list: { search: "news" },
      bad: { input: { slug: "Not A Slug", name: "x" }, field: "slug" },
      end: "remove",
    });
    await expectCrudLifecycle({
      mine: cms.blogTags,
      theirs: theirs.blogTags,
      create: { slug: "lamps", name: "Lamps" },
      patch: { name: "Lamps and lights" },
      list: { search: "lamp" },
      bad: { input: { slug: "lamps2", name: "" }, field: "name" },
      end: "remove",
    });
    await expectCrudLifecycle({
      mine: cms.blogPosts,
      theirs: theirs.blogPosts,
      create: { slug: "hello-world", title: "Hello", body: "First post." },
      patch: { title: "Hello world" },
      list: { status: "draft", search: "hello" },
      bad: { input: { slug: "bad-minutes", title: "x", reading_minutes: 0 }, field: "reading_minutes" },
      end: { archive: "archived" },
    });
    const post = await cms.blogPosts.create.mutate({ slug: "for-comments", title: "Comments welcome" });
    expect(post.status).toBe("draft");
    await expectCrudLifecycle({
      mine: cms.blogComments,
      theirs: theirs.blogComments,
      create: { blog_post_id: post.id, author_name: "Ann", author_email: "Ann@Example.test", body: "Nice." },
      patch: { body: "Very nice." },
      list: { blog_post_id: post.id, status: "pending" },
      bad: { input: { blog_post_id: post.id, author_name: "Bo", author_email: "not-an-email", body: "x" }, field: "author_email" },
      end: "remove",
    });
  });

  test("menus and menu items (ordered), media folders and assets (metadata only)", async () => {
    const menu = await expectCrudLifecycle({
      mine: cms.menus,
      theirs: theirs.menus,
      create: { key: "main", name: "Main menu" },
      patch: { name: "Main navigation" },
      list: { location: "header" },
      bad: { input: { key: "9bad", name: "x" }, field: "key" },
      end: "keep",
    });
    await expectCrudLifecycle({
      mine: cms.menuItems,
      theirs: theirs.menuItems,
      create: { cms_menu_id: menu.id, label: "Home", url: "/", position: 0 },
      patch: { label: "Start" },
      list: { cms_menu_id: menu.id },
      bad: { input: { cms_menu_id: menu.id, label: "x", position: -1, url: "/" }, field: "position" },
      end: "remove",
    });
    // The link target must match link_type: a CHECK answered with its sentence.
    const target = await expectCode(
      cms.menuItems.create.mutate({ cms_menu_id: menu.id, label: "Shop", link_type: "page", url: "/shop" }),
      "BAD_REQUEST",
    );
    expect(target).toMatch(/link_type/);
    await cms.menuItems.create.mutate({ cms_menu_id: menu.id, label: "About", url: "/about", position: 2 });
    await cms.menuItems.create.mutate({ cms_menu_id: menu.id, label: "Shop", url: "/shop", position: 1 });
    expect((await cms.menus.items.query({ id: menu.id })).items.map((item) => item.label)).toEqual(["Shop", "About"]);
    await expectCode(theirs.menus.items.query({ id: menu.id }), "NOT_FOUND");

    const folder = await expectCrudLifecycle({
      mine: cms.mediaFolders,
      theirs: theirs.mediaFolders,
      create: { name: "Products" },
      patch: { name: "Product photos" },
      list: { search: "product" },
      bad: { input: { name: "" }, field: "name" },
      end: "keep",
    });
    const asset = {
      folder_id: folder.id,
      storage_key: "products/lamp.png",
      file_name: "lamp.png",
      url: "https://cdn.example.test/products/lamp.png",
      mime_type: "image/png",
      size_bytes: 2048,
      width: 640,
      height: 480,
    };
    await expectCrudLifecycle({
      mine: cms.mediaAssets,
      theirs: theirs.mediaAssets,
      create: asset,
      patch: { alt_text: "A lamp" },
      list: { folder_id: folder.id, search: "lamp" },
      bad: { input: { ...asset, storage_key: "x", mime_type: "PNG" }, field: "mime_type" },
      end: "remove",
    });
  });

  test("redirects (unique source path), SEO and site settings, landing pages, blocks and page blocks", async () => {
    await expectCrudLifecycle({
      mine: cms.redirects,
      theirs: theirs.redirects,
      create: { from_path: "/old-shop", to_path: "/shop" },
      patch: { status_code: 302 },
      list: { search: "old-shop" },
      bad: { input: { from_path: "no-slash", to_path: "/shop" }, field: "from_path" },
      end: "remove",
    });
    await cms.redirects.create.mutate({ from_path: "/sale", to_path: "/offers" });
    expect(await expectCode(cms.redirects.create.mutate({ from_path: "/sale", to_path: "/elsewhere" }), "CONFLICT")).toMatch(/from_path/);
    // Another tenant may use the same source path.
    await theirs.redirects.create.mutate({ from_path: "/sale", to_path: "/offers" });
    expect(await expectCode(cms.redirects.create.mutate({ from_path: "/loop", to_path: "/loop" }), "BAD_REQUEST")).toMatch(/to_path/);

    await expectCrudLifecycle({
      mine: cms.seoSettings,
      theirs: theirs.seoSettings,
      create: { path: "/search", meta_title: "Search" },
      patch: { noindex: true },
      list: { search: "search" },
      bad: { input: { path: "/x", meta_title: "t".repeat(201) }, field: "meta_title" },
      end: "remove",
    });
    await expectCrudLifecycle({
      mine: cms.siteSettings,
      theirs: theirs.siteSettings,
      create: { key: "store.name", value: "Acme", setting_group: "branding", is_public: true },
      patch: { value: "Acme Lamps" },
      list: { setting_group: "branding", is_public: true },
      bad: { input: { key: "Store Name", value: 1 }, field: "key" },
      end: "remove",
    });
    const landing = await expectCrudLifecycle({
      mine: cms.landingPages,
      theirs: theirs.landingPages,
      create: { slug: "summer-sale", title: "Summer sale", sections: [{ kind: "hero" }] },
      patch: { campaign: "summer" },
      list: { status: "draft", search: "summer" },
      bad: { input: { slug: "x", title: "x", sections: { not: "an array" } }, field: "sections" },
      end: "keep",
    });
    const published = await cms.landingPages.publish.mutate({ id: landing.id });
    expect(published.status).toBe("published");
    expect(published.published_at).not.toBeNull();
    await expectCode(theirs.landingPages.publish.mutate({ id: landing.id }), "NOT_FOUND");
    expect(await expectCode(cms.landingPages.publish.mutate({ id: landing.id }), "BAD_REQUEST")).toMatch(/is published/);

    const block = await expectCrudLifecycle({
      mine: cms.blocks,
      theirs: theirs.blocks,
      create: { key: "hero", name: "Hero", block_type: "image", content: { src: "/hero.png" } },
      patch: { name: "Hero image" },
      list: { block_type: "image", search: "hero" },
      bad: { input: { key: "x", name: "x", block_type: "marquee" }, field: "block_type" },
      end: { archive: "archived" },
    });
    const page = await cms.pages.create.mutate({ slug: "home", title: "Home" });
    await expectCrudLifecycle({
      mine: cms.pageBlocks,
      theirs: theirs.pageBlocks,
      create: { cms_page_id: page.id, cms_block_id: block.id, region: "main", position: 0 },
      patch: { position: 3 },
      list: { cms_page_id: page.id },
      bad: { input: { cms_page_id: page.id, cms_block_id: block.id, region: "attic" }, field: "region" },
      end: "remove",
    });
    await cms.pageBlocks.create.mutate({ cms_page_id: page.id, cms_block_id: block.id, position: 1 });
    await expectCode(cms.pageBlocks.create.mutate({ cms_page_id: page.id, cms_block_id: block.id, position: 1 }), "CONFLICT");
  });

  test("newsletter subscribers (double opt-in) and contact submissions (handled)", async () => {
    const subscriber = await expectCrudLifecycle({
      mine: cms.newsletterSubscribers,
      theirs: theirs.newsletterSubscribers,
      create: { email: "Reader@Example.test", source: "footer" },
      patch: { name: "Reader" },
      list: { status: "pending", search: "reader@" },
      bad: { input: { email: "reader" }, field: "email" },
      end: "keep",
    });
    expect(subscriber.email).toBe("reader@example.test");
    await expectCode(cms.newsletterSubscribers.create.mutate({ email: "reader@example.test" }), "CONFLICT");
    await expectCode(theirs.newsletterSubscribers.confirm.mutate({ id: subscriber.id }), "NOT_FOUND");
    const confirmed = await cms.newsletterSubscribers.confirm.mutate({ id: subscriber.id });
    expect(confirmed).toMatchObject({ status: "subscribed", unsubscribed_at: null });
    expect(confirmed.confirmed_at).not.toBeNull();
    expect(await expectCode(cms.newsletterSubscribers.confirm.mutate({ id: subscriber.id }), "BAD_REQUEST")).toBe(
      "The newsletter subscriber reader@example.test is subscribed: only a pending or unsubscribed newsletter subscriber can be moved to subscribed.",
    );
    expect((await cms.newsletterSubscribers.unsubscribe.mutate({ id: subscriber.id })).status).toBe("unsubscribed");

    const message = await expectCrudLifecycle({
      mine: cms.contactSubmissions,
      theirs: theirs.contactSubmissions,
      create: { name: "Carla", email: "carla@example.test", subject: "Order", message: "Where is my lamp?" },
      patch: { subject: "Order 1001" },
      list: { status: "new", search: "carla" },
      bad: { input: { name: "Carla", email: "carla@example.test", message: "" }, field: "message" },
      end: "keep",
    });
    await expectCode(theirs.contactSubmissions.resolve.mutate({ id: message.id }), "NOT_FOUND");
    expect((await cms.contactSubmissions.start.mutate({ id: message.id })).status).toBe("in_progress");
    const resolved = await cms.contactSubmissions.resolve.mutate({ id: message.id });
    expect(resolved.status).toBe("resolved");
    expect(resolved.resolved_at).not.toBeNull();
    expect(await expectCode(cms.contactSubmissions.start.mutate({ id: message.id }), "BAD_REQUEST")).toMatch(
      /is resolved: only a new contact submission can be moved to in_progress\.$/,
    );
    const reopened = await cms.contactSubmissions.reopen.mutate({ id: message.id });
    expect(reopened).toMatchObject({ status: "in_progress", resolved_at: null });
  });
});

describe("cms.blogPosts: draft → published → archived, tags; comment moderation", () => {
  test("publishing sets published_at; refused moves answer BAD_REQUEST with one sentence", async () => {
    const post = await cms.blogPosts.create.mutate({ slug: "flow", title: "Flow" });
    expect(await expectCode(cms.blogPosts.unpublish.mutate({ id: post.id }), "BAD_REQUEST")).toBe(
      "The blog post 'flow' is draft: only a published or scheduled blog post can be moved to draft.",
    );
    await expectCode(theirs.blogPosts.publish.mutate({ id: post.id }), "NOT_FOUND");
    const published = await cms.blogPosts.publish.mutate({ id: post.id });
    expect(published.status).toBe("published");
    expect(published.published_at).not.toBeNull();
    expect(await expectCode(cms.blogPosts.publish.mutate({ id: post.id }), "BAD_REQUEST")).toMatch(/is published/);
    expect((await cms.blogPosts.archive.mutate({ id: post.id })).status).toBe("archived");
    // Published again, it keeps its first publish time.
    expect((await cms.blogPosts.publish.mutate({ id: post.id })).published_at).toBe(published.published_at);
    expect(await expectCode(cms.blogPosts.publish.mutate({ id: post.id, published_at: "tomorrow" }), "BAD_REQUEST")).toMatch(
      /published_at/,
    );
    await cms.blogPosts.archive.mutate({ id: post.id });
  });

  test("setTags replaces a post's tags; unknown tags and other tenants' posts answer NOT_FOUND", async () => {
    const post = await cms.blogPosts.create.mutate({ slug: "tagged", title: "Tagged" });
    const [a, b] = await Promise.all([
      cms.blogTags.create.mutate({ slug: "alpha", name: "Alpha" }),
      cms.blogTags.create.mutate({ slug: "beta", name: "Beta" }),
    ]);
    expect((await cms.blogPosts.setTags.mutate({ id: post.id, tag_ids: [a.id, b.id] })).tag_ids).toEqual([a.id, b.id].sort());
    expect((await cms.blogPosts.setTags.mutate({ id: post.id, tag_ids: [b.id] })).tag_ids).toEqual([b.id]);
    expect((await cms.blogPosts.tags.query({ id: post.id })).tag_ids).toEqual([b.id]);
    const theirTag = await theirs.blogTags.create.mutate({ slug: "gamma", name: "Gamma" });
    expect(await expectCode(cms.blogPosts.setTags.mutate({ id: post.id, tag_ids: [theirTag.id] }), "NOT_FOUND")).toMatch(/tag_ids/);
    await expectCode(theirs.blogPosts.setTags.mutate({ id: post.id, tag_ids: [] }), "NOT_FOUND");
    await expectCode(theirs.blogPosts.tags.query({ id: post.id }), "NOT_FOUND");
    expect(await expectCode(cms.blogPosts.setTags.mutate({ id: post.id, tag_ids: [a.id, a.id] }), "BAD_REQUEST")).toMatch(/tag_ids/);
    expect((await cms.blogPosts.setTags.mutate({ id: post.id, tag_ids: [] })).tag_ids).toEqual([]);
  });

  test("comments: pending → approved / rejected / spam; a refused move names the status", async () => {
    const post = await cms.blogPosts.create.mutate({ slug: "moderated", title: "Moderated" });
    const comment = await cms.blogComments.create.mutate({ blog_post_id: post.id, author_name: "Dee", body: "First!" });
    expect(comment.status).toBe("pending");
    await expectCode(theirs.blogComments.approve.mutate({ id: comment.id }), "NOT_FOUND");
    expect((await cms.blogComments.approve.mutate({ id: comment.id })).status).toBe("approved");
    expect(await expectCode(cms.blogComments.approve.mutate({ id: comment.id }), "BAD_REQUEST")).toBe(
      "The blog comment is approved: only a pending or rejected or spam blog comment can be moved to approved.",
    );
    expect((await cms.blogComments.reject.mutate({ id: comment.id })).status).toBe("rejected");
    expect((await cms.blogComments.spam.mutate({ id: comment.id })).status).toBe("spam");
    expect(await expectCode(cms.blogComments.reject.mutate({ id: comment.id }), "BAD_REQUEST")).toMatch(/is spam/);
  });
});

describe("site.blog: the public read path", () => {
  test("published posts only, newest first; drafts, archived and future posts, unknown slugs and other tenants' posts are not found", async () => {
    const category = await cms.blogCategories.create.mutate({ slug: "guides", name: "Guides" });
    const tag = await cms.blogTags.create.mutate({ slug: "how-to", name: "How to" });
    const older = await cms.blogPosts.create.mutate({ slug: "older", title: "Older", body: "Old.", blog_category_id: category.id });
    const newer = await cms.blogPosts.create.mutate({ slug: "newer", title: "Newer", body: "New." });
    await cms.blogPosts.create.mutate({ slug: "secret-draft", title: "Draft" });
    const future = await cms.blogPosts.create.mutate({ slug: "future", title: "Future" });
    const gone = await cms.blogPosts.create.mutate({ slug: "gone", title: "Gone" });
    await cms.blogPosts.publish.mutate({ id: older.id, published_at: "2025-01-01T00:00:00Z" });
    await cms.blogPosts.publish.mutate({ id: newer.id, published_at: "2025-06-01T00:00:00Z" });
    await cms.blogPosts.publish.mutate({ id: future.id, published_at: new Date(Date.now() + 86_400_000).toISOString() });
    await cms.blogPosts.publish.mutate({ id: gone.id });
    await cms.blogPosts.archive.mutate({ id: gone.id });
    await cms.blogPosts.setTags.mutate({ id: older.id, tag_ids: [tag.id] });
    await theirs.blogPosts.publish.mutate({ id: (await theirs.blogPosts.create.mutate({ slug: "theirs", title: "Theirs" })).id });

    const listed = await site.blog.list.query({ tenant: acme.slug });
    expect(listed.items.map((post) => post.slug)).toEqual(["newer", "older"]);
    const page1 = await site.blog.list.query({ tenant: acme.slug, limit: 1 });
    expect(page1.items.map((post) => post.slug)).toEqual(["newer"]);
    const page2 = await site.blog.list.query({ tenant: acme.slug, limit: 1, cursor: page1.nextCursor ?? undefined });
    expect(page2.items.map((post) => post.slug)).toEqual(["older"]);
    expect((await site.blog.list.query({ tenant: acme.slug, category: "guides" })).items.map((post) => post.slug)).toEqual(["older"]);

    expect(await site.blog.get.query({ tenant: acme.slug, slug: "older" })).toMatchObject({
      title: "Older",
      body: "Old.",
      category: { slug: "guides", name: "Guides" },
      tags: [{ slug: "how-to", name: "How to" }],
    });
    for (const slug of ["secret-draft", "future", "gone", "no-such-post", "theirs"]) {
      expect(await expectCode(site.blog.get.query({ tenant: acme.slug, slug }), "NOT_FOUND")).toBe(`The site has no blog post '${slug}'.`);
    }
    expect((await site.blog.list.query({ tenant: other.slug })).items.map((post) => post.slug)).toEqual(["theirs"]);
    await expectCode(site.blog.get.query({ tenant: other.slug, slug: "older" }), "NOT_FOUND");
    // A tenant whose tier has no CMS has no website either.
    await expectCode(site.blog.list.query({ tenant: starter.slug }), "NOT_FOUND");
  });
});

test("tier gate: a starter tenant is refused the CMS master data (FORBIDDEN)", async () => {
  await expectCode(starter.client.cms.blogPosts.list.query({}), "FORBIDDEN");
  await expectCode(starter.client.cms.redirects.create.mutate({ from_path: "/a", to_path: "/b" }), "FORBIDDEN");
  await expectCode(starter.client.cms.contactSubmissions.list.query({}), "FORBIDDEN");
});
