import { closestMatch } from "../../command-line/closest-match.js";
import { CrashfixError } from "../errors.js";

export type OptionSpec = { name: string; short?: string; takesValue: boolean; describe: string };

export type ParsedCommandLine = {
  positionals: string[];
  values: Record<string, string | true>;
};

/**
 * GNU-style options (`--name value`, `--name=value`, `-h`, `--` ends them)
 * against a fixed list. Errors are ours, and name the nearest option.
 * Written here rather than with node:util's parseArgs, whose errors speak
 * Node's words ("Unknown option '--x'. To specify a positional argument
 * starting with a '-', place it at the end of the command after '--'").
 */
export function parseCommandLine(
  argv: readonly string[],
  specs: readonly OptionSpec[],
): ParsedCommandLine {
  const positionals: string[] = [];
  const values: Record<string, string | true> = {};
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const byShort = new Map(specs.filter((s) => s.short).map((spec) => [spec.short as string, spec]));
  const known = specs.map((spec) => `--${spec.name}`);
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (arg === "--") {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (arg === "-" || !arg.startsWith("-")) {
      positionals.push(arg);
      continue;
    }
    const long = arg.startsWith("--");
    const [rawName = "", inline] = long ? splitOnce(arg.slice(2), "=") : [arg.slice(1), undefined];
    const spec = long ? byName.get(rawName) : byShort.get(rawName);
    if (spec === undefined) {
      const near = closestMatch(long ? `--${rawName}` : arg, known);
      throw new CrashfixError(
        "USAGE",
        `unknown option ${long ? `--${rawName}` : arg}${near ? `; did you mean ${near}?` : ""}`,
      );
    }
    if (!spec.takesValue) {
      if (inline !== undefined) throw new CrashfixError("USAGE", `--${spec.name} takes no value`);
      values[spec.name] = true;
      continue;
    }
    const value = inline ?? argv[index + 1];
    if (value === undefined || (inline === undefined && value.startsWith("-") && value !== "-")) {
      throw new CrashfixError("USAGE", `--${spec.name} needs a value: ${spec.describe}`);
    }
    if (inline === undefined) index += 1;
    values[spec.name] = value;
  }
  return { positionals, values };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
