/**
 * The reply shapes openapi.yaml declares, as the SDK's generated types. Views are typed against these,
 * so a view that drops, misnames or mistypes a field the spec requires is a compile error. The import is
 * type-only: it is erased, and the server gains no runtime dependency on the SDK.
 */
import type { components } from "@voke/sdk";

export type ApiSchemas = components["schemas"];
