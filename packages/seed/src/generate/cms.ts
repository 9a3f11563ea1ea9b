import { Calendar } from "./calendar.ts";
import type { UnitContext } from "./context.ts";
import { slugged } from "./keyTag.ts";

const pageTitles = [
  "About us",
  "Contact",
  "Shipping policy",
  "Returns policy",
  "Privacy policy",
  "Terms of service",
  "Careers",
  "Store locator",
];
const bannerThemes = ["Seasonal sale", "New arrivals", "Free returns", "Bulk discounts", "Trade accounts"];

/** Website content: published pages (each with its published revision), banners with their images in the media library, FAQs by category. */
export function generateCms(ctx: UnitContext): void {
  const { faker, id, data, tag, volumes, reference, calendar } = ctx;
  for (let k = 0; k < volumes.cmsPages; k++) {
    const title = pageTitles[k % pageTitles.length] as string;
    const page = data.add("cms_pages", {
      id: id(),
      slug: slugged(tag, title, k + 1),
      title,
      body: faker.lorem.paragraphs(3),
      template: "default",
      status: "published",
      published_at: Calendar.at(calendar.before(faker.number.int({ min: 90, max: 300 }))),
      meta_title: title,
      meta_description: faker.lorem.sentence(),
    });
    // A published page shows its published revision: here its first, holding its content.
    data.add("cms_page_versions", {
      id: id(),
      cms_page_id: page.id,
      version_number: 1,
      title: page.title,
      body: page.body,
      meta_title: page.meta_title,
      meta_description: page.meta_description,
      change_note: "First version.",
      is_published: true,
    });
  }
  for (let k = 0; k < volumes.banners; k++) {
    const title = bannerThemes[k % bannerThemes.length] as string;
    const fileName = `banner-${k + 1}.jpg`;
    const url = `https://cdn.example.com/${tag.slug}banners/${fileName}`;
    const asset = data.add("media_assets", {
      id: id(),
      storage_key: `${tag.slug}banners/${fileName}`,
      file_name: fileName,
      url,
      media_type: "image",
      mime_type: "image/jpeg",
      size_bytes: faker.number.int({ min: 80_000, max: 900_000 }),
      width: 1920,
      height: 640,
      checksum_sha256: faker.string.hexadecimal({ length: 64, casing: "lower", prefix: "" }),
      alt_text: title,
      title,
    });
    const startsAt = calendar.before(faker.number.int({ min: 5, max: 30 }));
    data.add("banners", {
      id: id(),
      title,
      subtitle: faker.company.catchPhrase(),
      image_url: url,
      media_asset_id: asset.id,
      link_url: `/collections/${slugged(tag, title, k + 1)}`,
      placement: k === 0 ? "home_hero" : "home_strip",
      starts_at: Calendar.at(startsAt),
      ends_at: Calendar.at(Calendar.after(startsAt, 45 * 24 * 60)),
      status: "active",
      position: k,
    });
  }
  // Places are unique per category across the whole tenant: each unit of seedAtScale ("U0007-")
  // takes places after those of the units before it.
  const firstPlace = Number(tag.code.match(/\d+/)?.[0] ?? 0) * volumes.faqs;
  for (let k = 0; k < volumes.faqs; k++) {
    data.add("faqs", {
      id: id(),
      faq_category_id: reference.faqCategories[k % reference.faqCategories.length]?.id ?? null,
      question: `${faker.lorem.sentence({ min: 5, max: 10 }).slice(0, -1)}?`,
      answer: faker.lorem.paragraph(),
      position: firstPlace + k,
      status: "published",
    });
  }
}
