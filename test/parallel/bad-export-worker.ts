/** Test worker with a default export of the wrong shape. */
export default 42;
