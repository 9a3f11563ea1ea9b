// What the global setup hands every test file (vitest's provide/inject).
declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the server's maintenance database (used to create and drop test databases). */
    adminUrl: string;
    /** The migrated database with the template that every test file copies. */
    baseDatabase: string;
  }
}

export {};
