import {
  contactSubmissionsInsert,
  contactSubmissionsRow,
  contactSubmissionsStatus,
  newsletterSubscribersInsert,
  newsletterSubscribersRow,
  newsletterSubscribersStatus,
} from "@erp/db-types";
import { cms } from "@erp/erp";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { statusMoveProcedure } from "../../crud/statusMoveProcedure.ts";
import { router } from "../../trpc.ts";
import { email, id, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

// A subscriber starts pending (double opt-in); status moves only through confirm and unsubscribe. The email is unique: CONFLICT.
const subscriberFields = tableInput(newsletterSubscribersInsert, { email, name: text(200), customer_id: id, source: text(200) });
const subscribers = createCrudProcedures({
  module: "cms",
  table: "newsletter_subscribers",
  entity: "newsletter subscriber",
  row: newsletterSubscribersRow,
  create: subscriberFields,
  update: subscriberFields.omit({ email: true }).partial(),
  filters: { status: newsletterSubscribersStatus.optional(), customer_id: id.optional() },
  search: ["email", "name"],
  // Erasure on request: the row goes.
  removable: true,
});
const subscriberMove = (action: cms.NewsletterAction, summary: string) =>
  statusMoveProcedure({
    module: "cms",
    table: "newsletter_subscribers",
    entity: "newsletter subscriber",
    row: newsletterSubscribersRow,
    action,
    summary,
    label: (row) => String(row.email),
    move: () => cms.newsletterMoves[action],
  });
export const newsletterSubscribersRouter = router({
  list: subscribers.list,
  get: subscribers.get,
  create: subscribers.create,
  update: subscribers.update,
  remove: subscribers.remove,
  confirm: subscriberMove("confirm", "Confirms a pending (or returning) subscriber: subscribed, confirmed_at now."),
  unsubscribe: subscriberMove("unsubscribe", "Unsubscribes a pending or subscribed address (unsubscribed_at now)."),
});

// Messages arrive from the website's contact form; staff may record one taken by phone. Status moves only through the moves below.
const submissionFields = tableInput(contactSubmissionsInsert, {
  name,
  email,
  phone: text(50),
  subject: text(200),
  message: text(10_000).min(1, { error: "must not be empty" }),
  customer_id: id,
  assigned_to: id,
  source_path: text(2000),
});
const submissions = createCrudProcedures({
  module: "cms",
  table: "contact_submissions",
  entity: "contact submission",
  row: contactSubmissionsRow,
  create: submissionFields,
  update: submissionFields.pick({ assigned_to: true, customer_id: true, subject: true }).partial(),
  filters: { status: contactSubmissionsStatus.optional(), assigned_to: id.optional(), customer_id: id.optional() },
  search: ["name", "email", "subject"],
});
const submissionMove = (action: cms.ContactSubmissionAction, summary: string) =>
  statusMoveProcedure({
    module: "cms",
    table: "contact_submissions",
    entity: "contact submission",
    row: contactSubmissionsRow,
    action,
    summary,
    move: () => cms.contactSubmissionMoves[action],
  });
export const contactSubmissionsRouter = router({
  list: submissions.list,
  get: submissions.get,
  create: submissions.create,
  update: submissions.update,
  start: submissionMove("start", "Takes a new message in hand (in_progress)."),
  resolve: submissionMove("resolve", "Marks a message handled (resolved, resolved_at now)."),
  spam: submissionMove("spam", "Marks an open message as spam."),
  reopen: submissionMove("reopen", "Reopens a resolved or spam message (in_progress, resolved_at cleared)."),
});
