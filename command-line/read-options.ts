import { parseArgs } from "node:util";
import { closestMatch } from "./closest-match.js";
import { UsageError } from "./usage-error.js";

// The option words of every crashfix command line, the client's and the
// server bins' alike. Node's parseArgs splits them (GNU style: `--name value`,
// `--name=value`, `-h`, `--` ends the options); every refusal is worded here,
// with the nearest valid option when there is one.

export type OptionSpec = {
  type: "string" | "boolean";
  /** Placeholder for the value in the help, e.g. "N" or "DIR". */
  value?: string;
  short?: string;
  multiple?: boolean;
  description: string;
};

export type OptionTable = Readonly<Record<string, OptionSpec>>;

export type OptionValues = Readonly<Record<string, string | boolean | string[] | undefined>>;

export type ReadOptions = { values: OptionValues; args: string[] };

/** Splits `argv` into option values and positional arguments; throws UsageError in our words. */
export function readOptions(
  argv: readonly string[],
  options: OptionTable,
  unknownOptionHint?: (name: string) => string | undefined,
): ReadOptions {
  const { tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(
      Object.entries(options).map(([name, spec]) => [
        name,
        { type: spec.type, ...(spec.short ? { short: spec.short } : {}) },
      ]),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const values: Record<string, string | boolean | string[] | undefined> = {};
  const args: string[] = [];
  const known = Object.keys(options).map((name) => `--${name}`);
  for (const token of tokens) {
    if (token.kind === "option-terminator") continue;
    if (token.kind === "positional") {
      args.push(token.value);
      continue;
    }
    const spec = options[token.name];
    if (!spec) {
      const near = closestMatch(`--${token.name}`, known);
      const hint = near ? `did you mean ${near}?` : unknownOptionHint?.(token.name);
      throw new UsageError(`unknown option ${token.rawName}${hint ? `; ${hint}` : ""}`);
    }
    if (spec.type === "boolean") {
      if (token.value !== undefined) {
        throw new UsageError(`${token.rawName} takes no value (got "${token.value}")`);
      }
      values[token.name] = true;
      continue;
    }
    // `--port --quiet` or `--app -h` reads as a forgotten value, not as the
    // value "--quiet"; "-" and "-1" are values.
    const value =
      token.inlineValue || !/^-(-|[A-Za-z])/.test(token.value ?? "") ? token.value : undefined;
    if (value === undefined || value === "") {
      throw new UsageError(
        `${token.rawName} needs a value: ${token.rawName} ${spec.value ?? "VALUE"}`,
      );
    }
    if (spec.multiple) {
      const list = values[token.name];
      values[token.name] = [...(Array.isArray(list) ? list : []), value];
    } else if (values[token.name] !== undefined) {
      throw new UsageError(`${token.rawName} is given twice; give it once`);
    } else {
      values[token.name] = value;
    }
  }
  return { values, args };
}

/** The help's rows for a table of options, aligned. */
export function optionLines(options: OptionTable, indent = "  "): string[] {
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : ""}--${name}${spec.type === "string" ? ` ${spec.value ?? "VALUE"}` : ""}`;
    return [flag, `${spec.description}${spec.multiple ? " (repeatable)" : ""}`] as const;
  });
  const width = Math.max(0, ...rows.map(([flag]) => flag.length));
  return rows.map(([flag, text]) => `${indent}${flag.padEnd(width)}  ${text}`);
}
