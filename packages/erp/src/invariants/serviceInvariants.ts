import { sql } from "slonik";
import type { Invariant } from "./invariant.ts";

export const serviceInvariants: Invariant[] = [
  {
    module: "service",
    name: "service work happens in order",
    subjects: "service requests",
    query: (t) => sql.fragment`
      SELECT r.request_number AS subject,
        r.reported_at <= coalesce(r.first_response_at, r.reported_at)
          AND coalesce(r.first_response_at, r.reported_at) <= coalesce(r.resolved_at, 'infinity')
          AND coalesce(r.resolved_at, r.reported_at) <= coalesce(r.closed_at, 'infinity')
          AND NOT EXISTS (
            SELECT 1 FROM ${t("service_visits")} v
            WHERE v.service_request_id = r.id AND (v.arrived_at < r.reported_at OR v.departed_at > r.resolved_at)
          ) AS ok,
        format('%s: reported %s, responded %s, resolved %s, closed %s', r.request_number, r.reported_at, r.first_response_at, r.resolved_at, r.closed_at) AS detail
      FROM ${t("service_requests")} r`,
  },
  {
    module: "service",
    name: "a technician is never booked twice at once",
    subjects: "booked visits",
    query: (t) => sql.fragment`
      SELECT v.visit_number AS subject,
        NOT EXISTS (
          SELECT 1 FROM ${t("service_visits")} o
          WHERE o.technician_id = v.technician_id AND o.id <> v.id AND o.status NOT IN ('cancelled', 'no_show')
            AND tstzrange(o.scheduled_start, o.scheduled_end) && tstzrange(v.scheduled_start, v.scheduled_end)
        ) AS ok,
        format('%s overlaps another visit of its technician (%s to %s)', v.visit_number, v.scheduled_start, v.scheduled_end) AS detail
      FROM ${t("service_visits")} v WHERE v.status NOT IN ('cancelled', 'no_show')`,
  },
  {
    module: "service",
    name: "contract visits used equal the completed visits of its requests and its completed planned visits, within the allowance",
    subjects: "maintenance contracts",
    query: (t) => sql.fragment`
      SELECT c.contract_number AS subject,
        c.visits_used = coalesce(used.visits, 0) + coalesce(planned.visits, 0) AND c.visits_used BETWEEN 0 AND c.visits_included AS ok,
        format('%s: visits_used %s, completed visits %s, completed planned visits %s, included %s', c.contract_number, c.visits_used,
          coalesce(used.visits, 0), coalesce(planned.visits, 0), c.visits_included) AS detail
      FROM ${t("amc_contracts")} c
      LEFT JOIN (
        SELECT r.amc_contract_id, count(*)::integer AS visits
        FROM ${t("service_visits")} v JOIN ${t("service_requests")} r ON r.id = v.service_request_id
        WHERE r.billing = 'amc' AND v.status = 'completed' GROUP BY r.amc_contract_id
      ) used ON used.amc_contract_id = c.id
      LEFT JOIN (
        SELECT amc_contract_id, count(*)::integer AS visits FROM ${t("amc_visits")}
        WHERE status = 'completed' GROUP BY amc_contract_id
      ) planned ON planned.amc_contract_id = c.id`,
  },
  {
    module: "service",
    name: "parts used left stock through their own issue movement",
    subjects: "parts used",
    query: (t) => sql.fragment`
      SELECT p.id::text AS subject,
        m.id IS NOT NULL AND m.movement_type = 'issue' AND m.quantity = -p.quantity AND m.product_id = p.product_id
          AND m.product_variant_id IS NOT DISTINCT FROM p.product_variant_id AND m.warehouse_id = p.warehouse_id
          AND m.reference_type = 'service_visit' AND m.reference_id = p.service_visit_id AS ok,
        format('part %s of visit %s: quantity %s, movement %s of %s', p.id, p.service_visit_id, p.quantity, m.id, m.quantity) AS detail
      FROM ${t("service_parts_used")} p LEFT JOIN ${t("stock_movements")} m ON m.id = p.stock_movement_id`,
  },
  {
    module: "service",
    name: "service issue movements are parts used",
    subjects: "issue movements of visits",
    query: (t) => sql.fragment`
      SELECT m.id::text AS subject, EXISTS (SELECT 1 FROM ${t("service_parts_used")} p WHERE p.stock_movement_id = m.id) AS ok,
        format('movement %s of visit %s has no part used', m.id, m.reference_id) AS detail
      FROM ${t("stock_movements")} m WHERE m.reference_type = 'service_visit'`,
  },
  {
    module: "service",
    name: "each request's last history row is its status",
    subjects: "service requests",
    query: (t) => sql.fragment`
      SELECT r.request_number AS subject, last.to_status IS NOT DISTINCT FROM r.status AS ok,
        format('%s is %s, its history ends at %s', r.request_number, r.status, last.to_status) AS detail
      FROM ${t("service_requests")} r
      LEFT JOIN LATERAL (
        SELECT h.to_status FROM ${t("service_request_status_history")} h WHERE h.service_request_id = r.id ORDER BY h.id DESC LIMIT 1
      ) last ON true`,
  },
  {
    module: "service",
    name: "covered requests name their cover, warranty claims lie inside their warranty",
    subjects: "service requests",
    query: (t) => sql.fragment`
      SELECT r.request_number AS subject,
        (r.billing <> 'amc' OR (c.id IS NOT NULL AND c.customer_id = r.customer_id
          AND r.reported_at::date BETWEEN c.start_date AND c.end_date))
          AND (r.billing <> 'warranty' OR (w.id IS NOT NULL AND EXISTS (
            SELECT 1 FROM ${t("warranty_claims")} wc WHERE wc.service_request_id = r.id AND wc.warranty_id = w.id
              AND wc.claimed_at::date BETWEEN w.starts_on AND w.ends_on))) AS ok,
        format('%s (%s): contract %s, warranty %s', r.request_number, r.billing, c.contract_number, w.warranty_number) AS detail
      FROM ${t("service_requests")} r
      LEFT JOIN ${t("amc_contracts")} c ON c.id = r.amc_contract_id
      LEFT JOIN ${t("warranties")} w ON w.id = r.warranty_id`,
  },
  {
    module: "service",
    name: "a warranty job has a claim that is not rejected; decided claims say when (and a rejection why)",
    subjects: "warranty claims",
    query: (t) => sql.fragment`
      SELECT wc.claim_number AS subject,
        NOT (wc.status = 'rejected' AND r.billing = 'warranty' AND NOT EXISTS (SELECT 1 FROM ${t("warranty_claims")} o
          WHERE o.service_request_id = r.id AND o.warranty_id = r.warranty_id AND o.status <> 'rejected'))
          AND (wc.status <> 'rejected' OR wc.rejection_reason IS NOT NULL)
          AND ((wc.status IN ('approved', 'rejected', 'settled')) = (wc.decided_at IS NOT NULL)) AS ok,
        format('claim %s (%s): request %s billed %s', wc.claim_number, wc.status, r.request_number, r.billing) AS detail
      FROM ${t("warranty_claims")} wc LEFT JOIN ${t("service_requests")} r ON r.id = wc.service_request_id`,
  },
];
