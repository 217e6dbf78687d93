import { distFile, FILES_BESIDE_BUNDLE } from "../bin-path.js";
import { CrashfixError } from "../errors.js";
import { EXIT_CODES, type ExitCode } from "../exit-codes.js";
import { fs, path } from "../node-builtins.js";
import { makeFolder } from "../store/make-folder.js";
import type { OutputStream } from "./command-context.js";

export type CopyFilesInput = { positionals: string[]; cwd: string; stdout: OutputStream };

const errorCode = (error: unknown): string => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "UNKNOWN";
};

/** A file's text as it goes beside the bundle: with its import renamed where it has one. */
function contentFor(entry: (typeof FILES_BESIDE_BUNDLE)[number]): Buffer {
  const source = distFile(entry.from);
  if (!fs.existsSync(source)) {
    throw new CrashfixError(
      "COPY_FAILED",
      `this crashfix has no ${source}; reinstall crashfix (npm install crashfix) and run copy-files again`,
    );
  }
  const content = fs.readFileSync(source);
  if (!("rename" in entry)) return content;
  const text = content.toString("utf8");
  if (!text.includes(entry.rename.from)) {
    throw new CrashfixError(
      "COPY_FAILED",
      `this crashfix's ${source} does not import ${entry.rename.from}; reinstall crashfix (npm install crashfix) and run copy-files again`,
    );
  }
  return Buffer.from(text.replace(entry.rename.from, entry.rename.to));
}

/** What is at `target`, or undefined when nothing is (nor can be, under a file). */
function folderStat(folder: string, target: string): { isDirectory(): boolean } | undefined {
  try {
    return fs.statSync(target);
  } catch (error) {
    if (errorCode(error) === "ENOENT" || errorCode(error) === "ENOTDIR") return undefined;
    throw new CrashfixError(
      "COPY_FAILED",
      `cannot look at ${folder} (${errorCode(error)}): name a folder you can write to, the one your CLI's bundle is in`,
      { cause: error },
    );
  }
}

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
  // The folder must be there already: copy-files runs after the bundler,
  // which made it, so one that is missing is a typo in the build script,
  // and a folder made for it would hold the files where no bundle loads them.
  const stat = folderStat(folder, target);
  if (stat === undefined) {
    throw new CrashfixError(
      "USAGE",
      `there is no folder ${target}: name the folder your CLI's bundle is in, and run copy-files after the bundler has written it`,
    );
  }
  if (!stat.isDirectory()) {
    throw new CrashfixError(
      "USAGE",
      `${folder} is a file, not a folder: name the folder your CLI's bundle is in`,
    );
  }
  for (const entry of FILES_BESIDE_BUNDLE) {
    const content = contentFor(entry);
    const to = path.join(target, ...entry.to.split("/"));
    try {
      makeFolder(path.dirname(to), 0o755);
      fs.writeFileSync(to, content, { mode: entry.to.startsWith("bin/") ? 0o755 : 0o644 });
    } catch (error) {
      throw new CrashfixError(
        "COPY_FAILED",
        `cannot copy ${entry.to} into ${folder} (${errorCode(error)}): name a folder you can write to, the one your CLI's bundle is in`,
        { cause: error },
      );
    }
  }
  const width = Math.max(...FILES_BESIDE_BUNDLE.map((entry) => entry.to.length));
  input.stdout.write(
    `copied into ${folder}:\n${FILES_BESIDE_BUNDLE.map((entry) => `  ${entry.to.padEnd(width)}  ${entry.why}\n`).join("")}`,
  );
  return EXIT_CODES.OK;
}
