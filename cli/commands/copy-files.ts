import { clientFile, FILES_BESIDE_BUNDLE } from "../bin-path.js";
import { CrashfixError } from "../errors.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { fs, path } from "../node-builtins.js";
import type { OutputStream } from "./command-context.js";

export type CopyFilesInput = { positionals: string[]; cwd: string; stdout: OutputStream };

const errorCode = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "UNKNOWN";
};

/**
 * `crashfix copy-files <folder>`: puts beside a CLI's bundle every file that
 * crashfix, bundled into it, loads from beside its own code. Run in the
 * CLI's build, after the bundler.
 */
export function runCopyFiles(input: CopyFilesInput): ExitCode {
  const [folder, ...extra] = input.positionals;
  if (folder === undefined || folder === "" || extra.length > 0) {
    throw new CrashfixError(
      "USAGE",
      "copy-files takes one folder, the one your CLI's bundle is in: crashfix copy-files dist",
    );
  }
  const target = path.resolve(input.cwd, folder);
  if (fs.existsSync(target) && !fs.statSync(target).isDirectory()) {
    throw new CrashfixError(
      "COPY_FAILED",
      `${folder} is a file, not a folder: name the folder your CLI's bundle is in`,
    );
  }
  const copied: [string, string][] = [];
  for (const { file, why } of FILES_BESIDE_BUNDLE) {
    const parts = file.split("/");
    const from = clientFile(...parts);
    const to = path.join(target, ...parts);
    if (!fs.existsSync(from)) {
      throw new CrashfixError(
        "COPY_FAILED",
        `this crashfix has no ${from}; reinstall crashfix (npm install crashfix) and run copy-files again`,
      );
    }
    try {
      fs.mkdirSync(path.dirname(to), { recursive: true });
      // Into the package's own folder, each file is there already.
      if (path.resolve(from) !== to) fs.copyFileSync(from, to);
    } catch (error) {
      throw new CrashfixError(
        "COPY_FAILED",
        `cannot copy ${file} into ${folder} (${errorCode(error)}): name a folder you can write to, the one your CLI's bundle is in`,
        { cause: error },
      );
    }
    copied.push([file, why]);
  }
  const width = Math.max(...copied.map(([file]) => file.length));
  input.stdout.write(
    `copied into ${folder}:\n${copied.map(([file, why]) => `  ${file.padEnd(width)}  ${why}\n`).join("")}`,
  );
  return EXIT_CODES.OK;
}
