export { changeStatus, type StatusMove } from "./changeStatus.ts";
