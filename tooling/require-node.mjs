// Imported before every workspace script (see .npmrc node-options): one line, not a stack
// trace, when Node.js is older than the version Slonik needs. Keep this file plain ES2015.
var major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  process.stderr.write(
    "This project needs Node.js 24 or newer (found " +
      process.versions.node +
      "): install it from nodejs.org, with nvm/fnm ('nvm install 24'), or 'npm install --prefix ~/.node24 node@24' and put ~/.node24/node_modules/.bin first on PATH.\n",
  );
  process.exit(1);
}
