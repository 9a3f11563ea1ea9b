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
];
