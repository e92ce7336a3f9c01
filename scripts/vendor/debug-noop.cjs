// Stands in for the `debug` logging package in the stdlib bundle: stdlib's
// gammaincinv logs convergence warnings through it (silent unless DEBUG is
// set). A no-op keeps the bundle free of Node-only modules (tty, util), so
// the same file runs in browsers.
module.exports = function debug() {
  return function log() {};
};
