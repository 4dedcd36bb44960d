/** The product-termination state machine's name (no imports: the route and workflow tables read it). */
export const terminationWorkflow = "product-termination";
