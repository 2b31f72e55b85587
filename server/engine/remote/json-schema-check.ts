// Checks a parsed value against the parts of JSON schema that z.toJSONSchema emits for ordinary
// data (type, properties, required, additionalProperties: false, items, enum, const, anyOf,
// string/array lengths, number bounds). Used where the endpoint did not enforce the schema
// itself, so a wrong answer is caught here and repaired once rather than handed over.
// Returns the first problem in words, with its JSON path, or null when the value fits.
type Schema = Record<string, unknown>;

export function schemaProblem(value: unknown, schema: Schema, path = "$"): string | null {
    if (Array.isArray(schema.anyOf) || Array.isArray(schema.oneOf)) {
        const options = (schema.anyOf ?? schema.oneOf) as Schema[];
        const problems = options.map((option) => schemaProblem(value, option, path));
        if (problems.every((problem) => problem !== null)) return problems[0] ?? `${path} matches none of the allowed shapes`;
    }
    if ("const" in schema && JSON.stringify(value) !== JSON.stringify(schema.const)) return `${path} must be ${JSON.stringify(schema.const)}`;
    if (Array.isArray(schema.enum) && !schema.enum.some((item) => JSON.stringify(item) === JSON.stringify(value))) {
        return `${path} must be one of ${schema.enum.map((item) => JSON.stringify(item)).join(", ")}`;
    }
    const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type as string[] : [schema.type as string];
    if (types.length > 0 && !types.some((type) => hasType(value, type))) return `${path} must be ${types.join(" or ")}, not ${typeName(value)}`;
    if (typeof value === "string") {
        if (typeof schema.minLength === "number" && value.length < schema.minLength) return `${path} is shorter than ${schema.minLength}`;
        if (typeof schema.maxLength === "number" && value.length > schema.maxLength) return `${path} is longer than ${schema.maxLength}`;
    }
    if (typeof value === "number") {
        if (typeof schema.minimum === "number" && value < schema.minimum) return `${path} is below ${schema.minimum}`;
        if (typeof schema.maximum === "number" && value > schema.maximum) return `${path} is above ${schema.maximum}`;
    }
    if (Array.isArray(value)) {
        if (typeof schema.minItems === "number" && value.length < schema.minItems) return `${path} has fewer than ${schema.minItems} items`;
        if (typeof schema.maxItems === "number" && value.length > schema.maxItems) return `${path} has more than ${schema.maxItems} items`;
        if (isSchema(schema.items)) {
            for (const [index, item] of value.entries()) {
                const problem = schemaProblem(item, schema.items, `${path}[${index}]`);
                if (problem) return problem;
            }
        }
    }
    if (isPlainObject(value)) {
        const properties = isSchema(schema.properties) ? schema.properties as Record<string, Schema> : {};
        for (const key of Array.isArray(schema.required) ? schema.required as string[] : []) {
            if (!(key in value)) return `${path}.${key} is missing`;
        }
        for (const [key, item] of Object.entries(value)) {
            const property = properties[key];
            if (property) {
                const problem = schemaProblem(item, property, `${path}.${key}`);
                if (problem) return problem;
            } else if (schema.additionalProperties === false) {
                return `${path}.${key} is not allowed`;
            }
        }
    }
    return null;
}

function hasType(value: unknown, type: string): boolean {
    switch (type) {
        case "object": return isPlainObject(value);
        case "array": return Array.isArray(value);
        case "string": return typeof value === "string";
        case "number": return typeof value === "number" && Number.isFinite(value);
        case "integer": return typeof value === "number" && Number.isInteger(value);
        case "boolean": return typeof value === "boolean";
        case "null": return value === null;
        default: return true;
    }
}

function typeName(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "an array";
    return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isSchema(value: unknown): value is Schema {
    return isPlainObject(value);
}
