/**
 * A report template's description (`template.yaml` or `template.json` in the template folder): its
 * notebook, its MDX layout, and its parameters with types, defaults and help. Parameters given on the
 * command line are checked against it before anything runs.
 */
import { z } from "zod";

export const PARAMETER_TYPES = ["string", "number", "integer", "boolean", "date", "quarter", "enum"] as const;
export type TemplateParameterType = (typeof PARAMETER_TYPES)[number];

const parameterSchema = z
  .object({
    type: z.enum(PARAMETER_TYPES),
    default: z.union([z.string(), z.number(), z.boolean(), z.null()]).optional(),
    help: z.string(),
    /** Allowed values for type enum. */
    values: z.array(z.string()).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    required: z.boolean().optional(),
    /** Default derived from a quarter parameter: "<param>.start" or "<param>.end" (e.g. "quarter.end"). */
    defaultFrom: z.string().regex(/^\w+\.(start|end)$/).optional(),
  })
  .strict()
  .refine((p) => p.type !== "enum" || (p.values && p.values.length > 0), { message: "an enum parameter needs 'values'" });

export const templateSpecSchema = z
  .object({
    name: z.string(),
    title: z.string(),
    description: z.string().optional(),
    /** Notebook file, relative to the template folder. */
    notebook: z.string(),
    /** MDX layout for the stakeholder report, relative to the template folder. */
    layout: z.string().optional(),
    /** Parameters whose value names a data folder (hashed and counted in the manifest). */
    dataParameters: z.array(z.string()).default([]),
    /** Hide code in the report (the default for stakeholder templates). */
    noInput: z.boolean().default(true),
    parameters: z.record(z.string(), parameterSchema),
  })
  .strict();

export type TemplateSpec = z.infer<typeof templateSpecSchema>;
export type TemplateParameter = TemplateSpec["parameters"][string];
export type ParameterValue = string | number | boolean;
