import type { Volumes } from "../tiers/tierSpec.ts";

const serviceStatuses = ["open", "assigned", "in_progress", "resolved", "closed"] as const;
export type ServiceStatus = (typeof serviceStatuses)[number];

export type ServiceRequestShape = { index: number; status: ServiceStatus; assigned: boolean; visited: boolean };

/** Requests cycle through the statuses; a technician is assigned from 'assigned' on and visits from 'in_progress' on. */
export function serviceRequestShapes(volumes: Volumes): ServiceRequestShape[] {
  return Array.from({ length: volumes.serviceRequests }, (_, index) => {
    const status = serviceStatuses[index % serviceStatuses.length] as ServiceStatus;
    const stage = serviceStatuses.indexOf(status);
    return { index, status, assigned: stage >= 1, visited: stage >= 2 };
  });
}
