import type { ErpClient } from "@erp/client";
import { expect } from "vitest";
import { expectCode } from "../expectCode.ts";

/** What the CMS should hold, as the website and the editors see it. */
export type CmsModel = {
  pages: { id: string; slug: string; status: "draft" | "published" | "archived"; titles: string[]; published: number | null }[];
  testimonials: { id: string; quote: string; status: "pending" | "approved" | "rejected" | "archived" }[];
  /** The FAQs without a category, in their order. */
  faqs: string[];
  operations: number;
};

export type CmsCommand = { name: string; run: (client: ErpClient, model: CmsModel, pick: (n: number) => number) => Promise<void> };

const one = <T>(items: readonly T[], pick: (n: number) => number): T | undefined => (items.length ? items[pick(items.length)] : undefined);

/**
 * The CMS commands of the model-based test: each calls the API through the typed client, expects
 * the answer the model predicts (a result or one exact refusal), and updates the model.
 */
export const cmsCommands: CmsCommand[] = [
  {
    name: "page create",
    run: async (client, model) => {
      const slug = `page-${model.pages.length + 1}`;
      const page = await client.cms.pages.create.mutate({ slug, title: `${slug} v1` });
      expect(page.current_revision).toBe(1);
      model.pages.push({ id: page.id, slug, status: "draft", titles: [`${slug} v1`], published: null });
    },
  },
  {
    name: "page update",
    run: async (client, model, pick) => {
      const page = one(model.pages, pick);
      if (!page) return;
      const title = `${page.slug} v${page.titles.length + 1}`;
      if (page.status === "archived") {
        await expectCode(client.cms.pages.update.mutate({ id: page.id, title }), "BAD_REQUEST");
        return;
      }
      const saved = await client.cms.pages.update.mutate({ id: page.id, title });
      page.titles.push(title);
      expect(saved).toMatchObject({ current_revision: page.titles.length, published_revision: page.published });
    },
  },
  {
    name: "page publish",
    run: async (client, model, pick) => {
      const page = one(model.pages, pick);
      if (!page) return;
      if (page.status === "archived") {
        await expectCode(client.cms.pages.publish.mutate({ id: page.id }), "BAD_REQUEST");
        return;
      }
      const published = await client.cms.pages.publish.mutate({ id: page.id });
      page.status = "published";
      page.published = page.titles.length;
      expect(published).toMatchObject({ status: "published", published_revision: page.published });
    },
  },
  {
    name: "page unpublish",
    run: async (client, model, pick) => {
      const page = one(model.pages, pick);
      if (!page) return;
      if (page.status !== "published") {
        await expectCode(client.cms.pages.unpublish.mutate({ id: page.id }), "BAD_REQUEST");
        return;
      }
      await client.cms.pages.unpublish.mutate({ id: page.id });
      page.status = "draft";
      page.published = null;
    },
  },
  {
    name: "page archive",
    run: async (client, model, pick) => {
      // Archiving is final: only now and then, so most pages stay editable.
      const page = pick(4) === 0 ? one(model.pages, pick) : undefined;
      if (!page || page.status === "archived") return;
      await client.cms.pages.archive.mutate({ id: page.id });
      page.status = "archived";
      page.published = null;
    },
  },
  {
    name: "page restore",
    run: async (client, model, pick) => {
      const page = one(model.pages, pick);
      if (!page) return;
      const revision = pick(page.titles.length) + 1;
      if (page.status === "archived") {
        await expectCode(client.cms.pages.revisions.restore.mutate({ id: page.id, revision }), "BAD_REQUEST");
        return;
      }
      const restored = await client.cms.pages.revisions.restore.mutate({ id: page.id, revision });
      page.titles.push(page.titles[revision - 1] ?? "");
      expect(restored).toMatchObject({ title: page.titles.at(-1), current_revision: page.titles.length });
    },
  },
  {
    name: "testimonial create",
    run: async (client, model) => {
      const quote = `Quote ${model.testimonials.length + 1}`;
      const created = await client.cms.testimonials.create.mutate({ author_name: "Ann", quote });
      model.testimonials.push({ id: created.id, quote, status: "pending" });
    },
  },
  {
    name: "testimonial moderate",
    run: async (client, model, pick) => {
      const testimonial = one(model.testimonials, pick);
      if (!testimonial) return;
      const action = (["approve", "reject", "archive"] as const)[pick(3)] ?? "approve";
      const allowed = {
        approve: ["pending", "rejected"],
        reject: ["pending", "approved"],
        archive: ["approved", "rejected"],
      }[action];
      const call = client.cms.testimonials[action].mutate({ id: testimonial.id });
      if (!allowed.includes(testimonial.status)) {
        await expectCode(call, "BAD_REQUEST");
        return;
      }
      testimonial.status = (await call).status;
    },
  },
  {
    name: "testimonial edit",
    run: async (client, model, pick) => {
      const testimonial = one(model.testimonials, pick);
      if (!testimonial) return;
      const quote = `${testimonial.quote}!`;
      if (testimonial.status === "archived") {
        await expectCode(client.cms.testimonials.update.mutate({ id: testimonial.id, quote }), "BAD_REQUEST");
        return;
      }
      const edited = await client.cms.testimonials.update.mutate({ id: testimonial.id, quote });
      testimonial.quote = quote;
      testimonial.status = "pending";
      expect(edited.status).toBe("pending");
    },
  },
  {
    name: "faq create",
    run: async (client, model) => {
      const faq = await client.cms.faqs.create.mutate({ question: `Q${model.faqs.length}?`, answer: "A", status: "published" });
      expect(faq.position).toBe(model.faqs.length);
      model.faqs.push(faq.id);
    },
  },
  {
    name: "faq reorder",
    run: async (client, model, pick) => {
      if (model.faqs.length === 0) return;
      const order = [...model.faqs];
      for (let k = order.length - 1; k > 0; k--) {
        const j = pick(k + 1);
        [order[k], order[j]] = [order[j] as string, order[k] as string];
      }
      const { items } = await client.cms.faqs.reorder.mutate({ faq_category_id: null, ids: order });
      expect(items.map((faq) => faq.id)).toEqual(order);
      model.faqs = order;
    },
  },
];

/** The public website of the tenant equals what the model says is public. */
export async function expectSiteMatches(site: ErpClient["site"], tenant: string, model: CmsModel): Promise<void> {
  const published = model.pages.filter((page) => page.status === "published").sort((a, b) => a.slug.localeCompare(b.slug));
  const pages = await site.pages.list.query({ tenant, limit: 100 });
  expect(pages.items.map((page) => [page.slug, page.title])).toEqual(
    published.map((page) => [page.slug, page.titles[(page.published ?? 0) - 1]]),
  );
  for (const page of model.pages.filter((candidate) => candidate.status !== "published")) {
    await expectCode(site.pages.get.query({ tenant, slug: page.slug }), "NOT_FOUND");
  }
  const testimonials = await site.testimonials.list.query({ tenant, limit: 100 });
  expect(testimonials.items.map((item) => item.quote)).toEqual(
    model.testimonials.filter((item) => item.status === "approved").map((item) => item.quote),
  );
  const faqs = await site.faqs.list.query({ tenant, limit: 100 });
  expect(faqs.items.map((faq) => faq.id)).toEqual(model.faqs);
}
