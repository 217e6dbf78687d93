import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Skeleton } from "../../redact/fold-lookalikes.js";
import { normalizeRemoteUrl, projectIdHash, redactTree, redactValue } from "../../redact/index.js";
import {
  type CompiledContext,
  compileContext,
  redactContextNames,
  redactContextPaths,
} from "../../redact/redact-context.js";
import type { RedactionContext } from "../../redact/redaction-context.js";
import { replaceSkeletonMatches } from "../../redact/replace-matches.js";

describe("redaction context: what only the caller knows", () => {
  it("turns the repository root into . so paths become repo-relative", () => {
    expect(redactValue("at f (/srv/work/proj/src/a.ts:1:2)", { repoRoot: "/srv/work/proj" })).toBe(
      "at f (./src/a.ts:1:2)",
    );
  });

  it("turns an unusual home directory into ~ in every spelling", () => {
    const context = { home: "D:\\profiles\\ada.lovelace" };
    expect(
      redactValue("D:\\profiles\\ada.lovelace\\x and D:/profiles/ada.lovelace/y", context),
    ).toBe("~\\x and ~/y");
    expect(redactValue('"D:\\\\profiles\\\\ada.lovelace\\\\z"', context)).toBe('"~\\\\z"');
  });

  it("redacts the account name taken from the home directory", () => {
    expect(
      redactValue("owner ada.lovelace cannot write", { home: "/srv/users/ada.lovelace" }),
    ).toBe("owner [REDACTED:USERNAME] cannot write");
  });

  it("redacts the account name as people spell it elsewhere: other separators, none, any case", () => {
    const context = { home: "/home/alice.smith" };
    expect(redactValue("alice_smith AliceSmith ALICE-SMITH alice.smith", context)).toBe(
      Array(4).fill("[REDACTED:USERNAME]").join(" "),
    );
    // Glued to other words by a separator, as in a name a tool makes of it.
    expect(
      redactValue("deploy-alice.smith db_alice_smith x.AliceSmith.y Alice Smith", context),
    ).toBe(
      "deploy-[REDACTED:USERNAME] db_[REDACTED:USERNAME] x.[REDACTED:USERNAME].y [REDACTED:USERNAME]",
    );
    // Parts of it, and the name inside a longer word, are not redacted.
    expect(redactValue("alice and smith, malice.smithy", context)).toBe(
      "alice and smith, malice.smithy",
    );
  });

  it("leaves generic account names alone", () => {
    expect(redactValue("run node app", { home: "/home/node" })).toBe("run node app");
  });

  it("redacts configured repository names, full and bare, in any case", () => {
    const context = {
      repoNames: ["git@github.com:acme/secret-project.git", "https://github.com/acme/other-repo"],
    };
    expect(
      redactValue("cloning Acme/Secret-Project into secret-project/ and other-repo", context),
    ).toBe("cloning [REDACTED:REPO] into [REDACTED:REPO]/ and [REDACTED:REPO]");
  });

  it("redacts a bare repository name given on its own, even a short one", () => {
    expect(redactValue("the tool crashed in tool/cli", { repoNames: ["tool"] })).toBe(
      "the [REDACTED:REPO] crashed in [REDACTED:REPO]/cli",
    );
  });

  it("does not redact a repository name inside a longer word", () => {
    expect(redactValue("secret-projects", { repoNames: ["acme/secret-project"] })).toBe(
      "secret-projects",
    );
  });

  it("applies the context to trees too", () => {
    expect(redactTree({ cwd: "/srv/work/proj/a" }, { repoRoot: "/srv/work/proj" }).value).toEqual({
      cwd: "./a",
    });
  });

  it("ignores malformed context entries", () => {
    const context = { repoNames: [42, "", "x"] } as unknown as { repoNames: string[] };
    expect(redactValue("plain text", context)).toBe("plain text");
  });
});

describe("projectIdHash: one hash per repository, whatever the spelling", () => {
  const spellings = [
    "https://github.com/acme/tool",
    "https://github.com/acme/tool.git",
    "https://github.com/acme/tool/",
    "https://GitHub.com/Acme/Tool.git/",
    "http://github.com/acme/tool",
    "https://user:ghp_secret@github.com/acme/tool.git",
    "git@github.com:acme/tool.git",
    "git@github.com:acme/tool",
    "ssh://git@github.com/acme/tool.git",
    "ssh://git@github.com:22/acme/tool.git",
    "git://github.com/acme/tool.git",
    "git+https://github.com/acme/tool.git",
    "github.com/acme/tool",
    "acme/tool",
    "  https://github.com/acme/tool.git  ",
    "https://github.com/acme/tool.git#readme",
  ];

  it.each(spellings)("%s normalizes to github.com/acme/tool", (url) => {
    expect(normalizeRemoteUrl(url)).toBe("github.com/acme/tool");
    expect(projectIdHash(url)).toBe(projectIdHash("https://github.com/acme/tool"));
  });

  it("is a sha256 hex digest", () => {
    expect(projectIdHash("git@github.com:acme/tool.git")).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ["another owner", "https://github.com/other/tool"],
    ["another name", "https://github.com/acme/tool2"],
    ["another host", "https://gitlab.com/acme/tool"],
    ["a subgroup", "https://gitlab.com/acme/sub/tool"],
  ])("gives %s another hash", (_name, url) => {
    expect(projectIdHash(url)).not.toBe(projectIdHash("https://github.com/acme/tool"));
  });

  it("keeps GitHub Enterprise and local hosts apart from github.com", () => {
    expect(normalizeRemoteUrl("http://127.0.0.1:8080/acme/tool.git")).toBe("127.0.0.1/acme/tool");
    expect(normalizeRemoteUrl("https://ghe.example.com/acme/tool")).toBe(
      "ghe.example.com/acme/tool",
    );
  });

  it.each([
    "C:/Users/alice.smith/repos/payroll.git",
    "c:\\Users\\alice.smith\\payroll",
    "../payroll.git",
    "./payroll",
    "~/repos/payroll.git",
    "repos/alice/payroll.git",
    "/home/alice/repos/payroll.git",
    "file:///home/alice/repos/payroll.git",
    "file://localhost/home/alice/x.git",
    "file://C:/Users/alice/x.git",
    "alice-pc.local:/home/alice.smith/x.git",
    "ssh://localhost/Users/alice/x.git",
  ])("names no repository for a path on a machine: %s", (url) => {
    expect(normalizeRemoteUrl(url)).toBeUndefined();
  });

  it.each(["", "   ", "not a url", "https://", "x".repeat(3000)])(
    "returns undefined for %j and still hashes it",
    (url) => {
      expect(normalizeRemoteUrl(url)).toBeUndefined();
      expect(projectIdHash(url)).toMatch(/^[0-9a-f]{64}$/);
    },
  );
});

describe("repository names glued to other text", () => {
  const context = { repoNames: ["sa-org/crash-triage-vault", "crash-triage-vault"] };
  it.each([
    ["cfg.crash-triage-vault", "cfg.[REDACTED:REPO]"],
    ["crash-triage-vault_init", "[REDACTED:REPO]_init"],
    ["x-crash-triage-vault-y", "x-[REDACTED:REPO]-y"],
    ["Err:CRASH-TRIAGE-VAULT", "Err:[REDACTED:REPO]"],
    ["at#crash-triage-vault#1", "at#[REDACTED:REPO]#1"],
    ["sa-org/crash-triage-vault#12", "[REDACTED:REPO]#12"],
  ])("redacts %s", (input, expected) => {
    expect(redactValue(input, context)).toBe(expected);
  });

  it("leaves a longer word that only contains the name", () => {
    expect(redactValue("crash-triage-vaults", context)).toBe("crash-triage-vaults");
  });

  // Session 18's trial: a phase or a provider name a host builds from the
  // user's words spells the repository with other separators.
  it.each([
    "crash triage vault",
    "crash.triage.vault",
    "crash_triage_vault",
    "crashtriagevault",
    "CrashTriageVault",
  ])("redacts the name spelled %s, as the account name is", (spelling) => {
    expect(redactValue(`sync ${spelling} now`, context)).toBe("sync [REDACTED:REPO] now");
    expect(
      redactValue(`phase:${spelling}`, {
        repoNames: ["https://github.com/sa-org/crash-triage-vault.git"],
      }),
    ).toBe("phase:[REDACTED:REPO]");
  });

  it("still leaves its words apart and a longer word alone", () => {
    expect(redactValue("crash and triage, vaults", context)).toBe("crash and triage, vaults");
  });
});

// Session 20: names glued to code's own words in camel case, which only a
// capital separates, and a Windows account name with a space.
describe("names glued in camel case", () => {
  const context = { home: "/home/alice.smith", repoNames: ["sa-org/crash-triage-vault"] };
  it.each([
    ["AliceSmithError", "[REDACTED:USERNAME]Error"],
    ["aliceSmithConfig", "[REDACTED:USERNAME]Config"],
    ["loadForAliceSmith", "loadFor[REDACTED:USERNAME]"],
    ["fetchCrashTriageVault()", "fetch[REDACTED:REPO]()"],
    ["CrashTriageVaultClient.open", "[REDACTED:REPO]Client.open"],
    ["crashTriageVaultX", "[REDACTED:REPO]X"],
    // Session 20's trial of the first version: a digit after the name, a run
    // of capitals before it, separators inside it, look-alike capitals.
    ["getAliceSmith2", "get[REDACTED:USERNAME]2"],
    ["HTTPAliceSmith", "HTTP[REDACTED:USERNAME]"],
    ["fetchAlice_Smith", "fetch[REDACTED:USERNAME]"],
    ["alice_smithError", "[REDACTED:USERNAME]Error"],
    ["fetch\u0410liceSmith", "fetch[REDACTED:USERNAME]"],
    ["Crash\u0422riageVaultError", "[REDACTED:REPO]Error"],
    // Session 21: in capitals, and words in either case after their first letter.
    ["fetchALICESMITH", "fetch[REDACTED:USERNAME]"],
    ["ALICE_SMITHError", "[REDACTED:USERNAME]Error"],
    ["ALICESMITHError", "[REDACTED:USERNAME]Error"],
    ["getAliceSMITHToken", "get[REDACTED:USERNAME]Token"],
    ["fetchCRASH_TRIAGE_VAULT", "fetch[REDACTED:REPO]"],
    ["CrashTriage_VaultError", "[REDACTED:REPO]Error"],
  ])("redacts %s", (input, expected) => {
    expect(redactValue(input, context)).toBe(expected);
  });

  it.each([
    // A small letter after the name: a longer word of the code's.
    "AliceSmithson",
    "aliceSmithers",
    "CrashTriageVaults",
    // A small letter before a name that starts small: one word.
    "fetchaliceSmith",
    // Capitals alone say nothing of where words start.
    "MALICESMITH",
    "ALICESMITHSON",
    "ALICESMITHS",
    // One word of a name is not looked for glued: it is as likely the code's.
    "AliceError",
    "TriageVaultOpen",
  ])("leaves %s", (input) => {
    expect(redactValue(input, context)).toBe(input);
  });

  it("finds a Windows account name with a space in its other spellings", () => {
    const windows = { home: "C:\\Users\\John Smith" };
    expect(redactValue("C:\\Users\\John Smith\\app\\x.js", windows)).toBe("~\\app\\x.js");
    for (const spelling of [
      "John Smith",
      "john.smith",
      "JOHN_SMITH",
      "johnsmith",
      "JohnSmithTool",
    ]) {
      expect(redactValue(`owner ${spelling}`, windows)).toMatch(/^owner \[REDACTED:USERNAME\]/);
    }
    expect(redactValue("owner Johnny Smithers", windows)).toBe("owner Johnny Smithers");
  });

  // Session 20's second trial.
  it("keeps the separated spellings of a name with a capital inside a word", () => {
    const context = { home: "/home/Ronald.McDonald" };
    for (const spelling of ["ronald_mcdonald", "Ronald McDonald", "RONALD-MCDONALD"]) {
      expect(redactValue(`u ${spelling} x`, context)).toBe("u [REDACTED:USERNAME] x");
    }
    expect(redactValue("RonaldMcDonaldError", context)).toBe("[REDACTED:USERNAME]Error");
  });

  it.each([
    "PayrollSecretALICE_SMITH",
    "AliceSmithPAYROLL_SECRET",
    "new PayrollSecretAlice_smith()",
    "AliceSmithALICE_SMITH",
  ])("scrubs %s whole in one pass, and a second pass changes nothing", (input) => {
    const both = { home: "/home/alice.smith", repoNames: ["acme/payroll-secret"] };
    const once = redactValue(input, both);
    expect(once).not.toMatch(/alice|smith|payroll|secret/i);
    expect(redactValue(once, both)).toBe(once);
  });

  it("is stable: a second scrub of names glued and apart changes nothing", () => {
    const both = { home: "/home/alice.smith", repoNames: ["acme/payroll-secret"] };
    const pieces = [
      "AliceSmith",
      "aliceSmith",
      "ALICE_SMITH",
      "alice.smith",
      "PayrollSecret",
      "payroll-secret",
      "PAYROLL_SECRET",
      "\u0410liceSmith",
      "[REDACTED:REPO]",
      "Error",
      "fetch",
      "son",
      "x",
      "2",
      "_",
      " ",
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 7 }), (parts) => {
        const once = redactValue(parts.join(""), both);
        expect(redactValue(once, both)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  // Session 21: words joined two ways at once, and capitals inside a word
  // that the name as given writes small.
  it("finds a name joined two ways, or with capitals of its own inside a word", () => {
    const mary = { home: "/home/mary.jane.watson" };
    expect(redactValue("at MaryJane_WatsonClient", mary)).toBe("at [REDACTED:USERNAME]Client");
    expect(redactValue("maryJane.WatsonX", mary)).toBe("[REDACTED:USERNAME]X");
    const john = { home: "/home/john.mcdonald" };
    expect(redactValue("loadJohnMcDonald()", john)).toBe("load[REDACTED:USERNAME]()");
    expect(redactValue("JOHNMCDONALDError", john)).toBe("[REDACTED:USERNAME]Error");
    expect(redactValue("JohnMcDonaldson", john)).toBe("JohnMcDonaldson");
  });

  it("leaves default accounts and short repository names unglued", () => {
    expect(redactValue("describeEc2UserData", { home: "/home/ec2-user" })).toBe(
      "describeEc2UserData",
    );
    const short = { repoNames: ["acme/data-store", "acme/web-app"] };
    expect(redactValue("loadDataStore createWebApp", short)).toBe("loadDataStore createWebApp");
    expect(redactValue("at data_store", short)).toBe("at [REDACTED:REPO]");
  });

  it("finds names in other scripts glued, by their capitals", () => {
    const russian = { home: "/home/\u0438\u0432\u0430\u043d.\u043f\u0435\u0442\u0440\u043e\u0432" };
    const glued = "\u0418\u0432\u0430\u043d\u041f\u0435\u0442\u0440\u043e\u0432";
    expect(redactValue(`${glued}Error`, russian)).toBe("[REDACTED:USERNAME]Error");
    expect(redactValue(`fetch${glued}`, russian)).toBe("fetch[REDACTED:USERNAME]");
    // A small letter after it, in any script, makes a longer word.
    expect(redactValue(`${glued}\u0441\u043a\u0438\u0439`, russian)).toBe(
      `${glued}\u0441\u043a\u0438\u0439`,
    );
  });

  it("finds a name written in camel case, in its words", () => {
    expect(redactValue("owner alice.smith", { home: "C:\\Users\\AliceSmith" })).toBe(
      "owner [REDACTED:USERNAME]",
    );
    const repo = { repoNames: ["https://github.com/acme/PayrollSecret.git"] };
    expect(redactValue("at PayrollSecretError", repo)).toBe("at [REDACTED:REPO]Error");
    expect(redactValue("at createPayrollSecret", repo)).toBe("at create[REDACTED:REPO]");
  });
});

// Session 21's trial of the first version of the rules above.
describe("names glued: the trial's findings", () => {
  it("finds a Greek name ending in final sigma glued", () => {
    const greek = {
      home: "/home/\u03bd\u03af\u03ba\u03bf\u03c2.\u03c0\u03b1\u03c0\u03c0\u03ac\u03c2",
    };
    const glued = "\u039d\u03af\u03ba\u03bf\u03c2\u03a0\u03b1\u03c0\u03c0\u03ac\u03c2";
    expect(redactValue(`fetch${glued}`, greek)).toBe("fetch[REDACTED:USERNAME]");
    expect(redactValue(`${glued}Client`, greek)).toBe("[REDACTED:USERNAME]Client");
  });

  it.each([
    ["getAlice_smith", "/home/alice.smith", "get[REDACTED:USERNAME]"],
    ["mary_janeWatson", "/home/mary.jane.watson", "[REDACTED:USERNAME]"],
    ["MaryJane_watsonError", "/home/mary.jane.watson", "[REDACTED:USERNAME]Error"],
    ["getMary_jane.watson", "/home/mary.jane.watson", "get[REDACTED:USERNAME]"],
  ])(
    "finds %s under %s, a capital or a separator before each later word",
    (input, home, expected) => {
      expect(redactValue(input, { home })).toBe(expected);
    },
  );

  it.each([
    [{ home: "/home/alice.smith" }, "AliceSmithAlice_smithX"],
    [{ home: "/home/alice.smith" }, "alice_smithAlice_smith2"],
    [{ home: "/home/alice.smith", repoNames: ["acme/event-stream"] }, "AliceSmithEvent_streamX"],
    [{ home: "/home/a.b.smith" }, ":A.BSMITHA.B_Smith_"],
  ])("scrubs names glued to each other in one scrub: %o %s", (context, input) => {
    const once = redactValue(input, context);
    expect(once).not.toMatch(/alice|smith|event|stream/i);
    expect(redactValue(once, context)).toBe(once);
  });

  it("leaves no half token after a home folder, and a second scrub changes nothing", () => {
    expect(redactValue("/home/[REDACTED:EMAIL]/x")).toBe("/home/[REDACTED:EMAIL]/x");
    // Session 22's trial: a home's name glued to a token ends where the token starts.
    expect(redactValue("/home/m[REDACTED:EMAIL]/x")).toBe("~[REDACTED:EMAIL]/x");
    expect(redactValue("/home/&#252;[REDACTED:PASSWORD]")).toBe("~[REDACTED:PASSWORD]");
    expect(redactValue("C:\\Users\\bob[REDACTED:EMAIL]\\x")).toBe("~[REDACTED:EMAIL]\\x");
    // A home the scrub wrote is a path, not a secret, and not a user's name.
    for (const input of ["password=/home/bob", "dir=/home//home/bob/x", "secret=~ x"]) {
      const once = redactValue(input);
      expect(once).not.toContain("bob");
      expect(redactValue(once)).toBe(once);
    }
    expect(redactValue("password=/home/bob")).toBe("password=~");
    expect(redactValue("C:\\Users\\[REDACTED:EMAIL]\\x")).toBe("C:\\Users\\[REDACTED:EMAIL]\\x");
    const elodie = { home: "/home/\u00e9lodie.martin" };
    for (const input of [
      "/home/\\u00e9lodie.martin/x",
      "C:\\\\Users\\\\\\u00e9lodie.martin\\\\x",
    ]) {
      const once = redactValue(input, elodie);
      expect(once).not.toMatch(/lodie|martin/);
      expect(redactValue(once, elodie)).toBe(once);
    }
  });

  // The third trial: a value that starts with JSON's escape of a letter was
  // taken for a Windows path, and a backslash ended an unquoted value.
  it("replaces a keyed value written with JSON's escapes of letters", () => {
    expect(redactValue('{"password": "\\u5bc6\\u7801123"}')).toBe(
      '{"password": "[REDACTED:PASSWORD]"}',
    );
    expect(redactValue('{"password": "\\u00e9hunter2"}')).toBe(
      '{"password": "[REDACTED:PASSWORD]"}',
    );
    expect(redactValue("password=p\\u00e4ssw\\u00f6rd")).toBe("password=[REDACTED:PASSWORD]");
    expect(redactValue("password=p&#228;ss&user=x")).toBe("password=[REDACTED:PASSWORD]&user=x");
    // Session 22: HTML's names of letters too.
    expect(redactValue("password=p&auml;ssw&ouml;rd&user=x")).toBe(
      "password=[REDACTED:PASSWORD]&user=x",
    );
    expect(redactValue("secret=&Lstrok;&oacute;d&zdot;")).toBe("secret=[REDACTED:SECRET]");
    expect(redactValue("password=&gacute;hunter2")).toBe("password=[REDACTED:PASSWORD]");
    // An escape of an ASCII character may be a separator: it ends the value.
    expect(redactValue("password=x&#38;y")).toBe("password=[REDACTED:PASSWORD]&#38;y");
    expect(redactValue("password=x&amp;y")).toBe("password=[REDACTED:PASSWORD]&amp;y");
    // Other names end it as before: a query's next key, a name HTML gives no letter.
    expect(redactValue("password=x&auml=1")).toBe("password=[REDACTED:PASSWORD]&auml=1");
    expect(redactValue("password=x&nbsp;y")).toBe("password=[REDACTED:PASSWORD]&nbsp;y");
    // An escaped line break still ends the value, and a path is still a path.
    expect(redactValue('{"msg":"password=abc\\nnext line"}')).toBe(
      '{"msg":"password=[REDACTED:PASSWORD]\\nnext line"}',
    );
    expect(redactValue("password: \\users\\x\\file.txt")).toBe("password: \\users\\x\\file.txt");
    const zhang = { home: "/home/\u5f20\u4f1f.wei" };
    const once = redactValue("password=\\u5f20\\u4f1f.wei.", zhang);
    expect(once).toBe("password=[REDACTED:PASSWORD]");
    expect(redactValue(once, zhang)).toBe(once);
  });

  it("replaces a keyed value made of tokens whole, leaving no bracket behind", () => {
    for (const input of [
      "password=[REDACTED:REPO]:[REDACTED:EMAIL]",
      "password=ab[REDACTED:REPO]x",
    ]) {
      const once = redactValue(input);
      expect(once).toBe("password=[REDACTED:PASSWORD]");
      expect(redactValue(once)).toBe(once);
    }
  });

  it("finds a home folder outside ASCII as JSON and URLs escape it", () => {
    const muller = { home: "/home/m\u00fcller.j\u00f6rg" };
    expect(redactValue('{"file":"/home/m\\u00fcller.j\\u00f6rg/app/x.py"}', muller)).toBe(
      '{"file":"~/app/x.py"}',
    );
    expect(redactValue('{"file":"/home/m\\u00FCller.j\\u00F6rg/app/x.py"}', muller)).toBe(
      '{"file":"~/app/x.py"}',
    );
    expect(redactValue("path=%2Fhome%2Fm%C3%BCller.j%C3%B6rg%2Fx", muller)).toBe("path=~%2Fx");
    // Anyone's, without a context: JSON's escapes do not end a Unix home's
    // name, and count as one character of its 64.
    expect(redactValue('{"file":"/home/g\\u00fcnter/x.py"}')).toBe('{"file":"~/x.py"}');
    const cyrillic =
      "\\u0430\\u043b\\u0435\\u043a\\u0441\\u0430\\u043d\\u0434\\u0440.\\u043f\\u0435\\u0442\\u0440\\u043e\\u0432";
    expect(redactValue(`{"file":"/home/${cyrillic}/app/main.py"}`)).toBe(
      '{"file":"~/app/main.py"}',
    );
    const windows = { home: "C:\\Users\\J\u00f6rg M\u00fcller" };
    expect(
      redactValue('{"f":"C:\\\\Users\\\\J\\u00f6rg M\\u00fcller\\\\AppData\\\\x.js"}', windows),
    ).toBe('{"f":"~\\\\AppData\\\\x.js"}');
  });

  it("finds a name after an escape, as a form encodes it, and decomposed", () => {
    const muller = { home: "/home/m\u00fcller.j\u00f6rg" };
    expect(redactValue("x%20m%c3%bcller.j%c3%b6rg", muller)).toBe("x%20[REDACTED:USERNAME]");
    expect(redactValue('{"m":"x\\nm\\u00fcller.j\\u00f6rg"}', muller)).toBe(
      '{"m":"x\\n[REDACTED:USERNAME]"}',
    );
    expect(
      redactValue("owner=J%C3%B6rg+M%C3%BCller", { home: "C:\\Users\\J\u00f6rg M\u00fcller" }),
    ).toBe("owner=[REDACTED:USERNAME]");
    expect(redactValue("mu%CC%88ller.jo%CC%88rg", muller)).toBe("[REDACTED:USERNAME]");
    const alice = { home: "/home/alice.smith" };
    // Python's json.dumps writes curly quotes as escapes.
    expect(redactValue('{"msg":"User \\u201calice.smith\\u201d not found"}', alice)).toBe(
      '{"msg":"User \\u201c[REDACTED:USERNAME]\\u201d not found"}',
    );
    expect(redactValue("path=%2Fsrv%2Falice.smith%2Fx", alice)).toBe(
      "path=%2Fsrv%2F[REDACTED:USERNAME]%2Fx",
    );
    expect(redactValue('"x\\nalice.smith"', alice)).toBe('"x\\n[REDACTED:USERNAME]"');
  });

  it("is stable: a second scrub of glued names in any case and join changes nothing", () => {
    const contexts = [
      { home: "/home/alice.smith", repoNames: ["acme/crash-triage-vault"] },
      { home: "/home/mary.jane.watson", repoNames: ["acme/query-client"] },
      { home: "/home/a.b.smith" },
      { home: "/home/m\u00fcller.j\u00f6rg", repoNames: ["acme/event-stream"] },
    ];
    const words = [
      ["alice", "smith"],
      ["crash", "triage", "vault"],
      ["mary", "jane", "watson"],
      ["query", "client"],
      ["a", "b", "smith"],
      ["m\u00fcller", "j\u00f6rg"],
      ["event", "stream"],
    ];
    const cased = fc.constantFrom<(word: string) => string>(
      (word) => word,
      (word) => word.charAt(0).toUpperCase() + word.slice(1),
      (word) => word.toUpperCase(),
    );
    const name = fc
      .tuple(
        fc.constantFrom(...words),
        fc.array(cased, { minLength: 3, maxLength: 3 }),
        fc.array(fc.constantFrom("", "", "_", ".", "-"), { minLength: 3, maxLength: 3 }),
      )
      .map(([parts, cases, glues]) =>
        parts
          .map(
            (part, i) => (i === 0 ? "" : glues[i]) + (cases[i] as (word: string) => string)(part),
          )
          .join(""),
      );
    const filler = fc.constantFrom(
      "",
      "get",
      "X",
      "x",
      "Error",
      "_",
      ".",
      "2",
      "[REDACTED:REPO]",
      "HTTP",
      " ",
      "/",
      "\\n",
      "%2F",
      "A",
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...contexts),
        fc.array(fc.tuple(filler, name), { maxLength: 4 }),
        filler,
        (context, pieces, end) => {
          const text = pieces.map(([before, glued]) => before + glued).join("") + end;
          const once = redactValue(text, context);
          expect(redactValue(once, context)).toBe(once);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

// Session 21: an account name outside ASCII as JSON and URLs escape it.
describe("names escaped", () => {
  const muller = { home: "/Users/m\u00fcller.j\u00f6rg" };
  it.each([
    ['{"owner":"m\\u00fcller.j\\u00f6rg"}', '{"owner":"[REDACTED:USERNAME]"}'],
    ['{"owner":"M\\u00DCLLER_J\\u00D6RG"}', '{"owner":"[REDACTED:USERNAME]"}'],
    ["GET /u/m%C3%BCller.j%C3%B6rg/x", "GET /u/[REDACTED:USERNAME]/x"],
    ["user=m%c3%bcller-j%c3%b6rg", "user=[REDACTED:USERNAME]"],
    ["<td>m&#252;ller.j&#246;rg</td>", "<td>[REDACTED:USERNAME]</td>"],
    ["owner: M&#xFC;ller.J&#xF6;rg", "owner: [REDACTED:USERNAME]"],
    // Session 22: HTML's named references, in any case.
    ["<td>m&uuml;ller.j&ouml;rg</td>", "<td>[REDACTED:USERNAME]</td>"],
    ["<b>M&Uuml;LLER.J&Ouml;RG</b>", "<b>[REDACTED:USERNAME]</b>"],
  ])("redacts %s", (input, expected) => {
    expect(redactValue(input, muller)).toBe(expected);
  });

  // HTML 4.01 named Latin-1's letters only: pages written by its rules
  // (PHP's htmlentities) leave `ł` as it is and name `ü`.
  it.each([
    ["by &lstrok;ukasz.m&uuml;ller", "by [REDACTED:USERNAME]"],
    ["by \u0142ukasz.m&uuml;ller", "by [REDACTED:USERNAME]"],
    ["by &Lstrok;ukasz.M&uuml;ller!", "by [REDACTED:USERNAME]!"],
  ])("redacts %s under an account named with letters past Latin-1", (input, expected) => {
    expect(redactValue(input, { home: "/home/\u0142ukasz.m\u00fcller" })).toBe(expected);
  });

  it("gives the dotless i both its HTML names", () => {
    const context = { home: "/home/y\u0131lmaz.\u00e7elik" };
    expect(redactValue("y&imath;lmaz.&ccedil;elik", context)).toBe("[REDACTED:USERNAME]");
    expect(redactValue("y&inodot;lmaz.&ccedil;elik", context)).toBe("[REDACTED:USERNAME]");
  });

  // Its trial: each letter with two names is written one way or the other.
  it.each([
    "&angst;sa.Y&imath;ld&imath;z",
    "&Aring;sa.Y&inodot;ld&inodot;z",
    "&aring;sa.y&inodot;ld&inodot;z",
  ])("redacts %s under an account with two letters of two names each", (name) => {
    expect(redactValue(`x ${name} y`, { home: "/Users/\u00c5sa.Y\u0131ld\u0131z" })).toBe(
      "x [REDACTED:USERNAME] y",
    );
  });

  // An encoder of every character HTML names (the `entities` package's
  // encodeHTML) writes separators as references too.
  it.each([
    ["/home/alice.smith", "by alice&period;smith at x"],
    ["/home/john_doe", "by JOHN&lowbar;DOE at x"],
    ["/home/m\u00fcller.j\u00f6rg", "by m&uuml;ller&period;j&ouml;rg at x"],
    ["/home/\u0142ukasz-m\u00fcller", "by &lstrok;ukasz&#45;m&uuml;ller at x"],
  ])("redacts the account of %s written with its separators as references", (home, input) => {
    expect(redactValue(input, { home })).toBe("by [REDACTED:USERNAME] at x");
  });

  it("leaves a longer word after a name's separators as references", () => {
    expect(redactValue("alice&period;smithson", { home: "/home/alice.smith" })).toBe(
      "alice&period;smithson",
    );
  });

  it("redacts two escaped names glued together in one scrub", () => {
    const context = { home: "/home/\u0142ukasz.m\u00fcller" };
    const once = redactValue("&lstrok;ukasz.m&uuml;ller&lstrok;ukasz.m&uuml;ller", context);
    expect(once).toBe("[REDACTED:USERNAME][REDACTED:USERNAME]");
    expect(redactValue("m&#252;ller[REDACTED:EMAIL]", { home: "/home/m\u00fcller" })).toBe(
      "[REDACTED:USERNAME][REDACTED:EMAIL]",
    );
  });

  it("leaves a longer word, and an ASCII name has no escaped spelling", () => {
    expect(redactValue("m%C3%BCller.j%C3%B6rgen", muller)).toBe("m%C3%BCller.j%C3%B6rgen");
    expect(redactValue("m&uuml;ller.j&ouml;rgen", muller)).toBe("m&uuml;ller.j&ouml;rgen");
    expect(redactValue("\\u0061lice.smith", { home: "/home/alice.smith" })).toBe(
      "\\u0061lice.smith",
    );
  });

  it("scrubs under an account name that no URL can hold (a lone surrogate)", () => {
    const broken = { home: "/home/ab\ud800cd.ef" };
    expect(redactValue("owner ab\\ud800cd.ef", broken)).toBe("owner [REDACTED:USERNAME]");
  });
});

describe("the context's literal check", () => {
  // A part's pattern runs only on a text that holds one of its literals; the
  // result must be what running every pattern on every text gives.
  const contexts: RedactionContext[] = [
    {
      home: "/home/Σωκράτης",
      repoRoot: "/home/Σωκράτης/work/acme-tool",
      repoNames: ["acme/acme-tool"],
    },
    { home: "C:\\Users\\Straße\\", repoNames: ["git@github.com:Org/Kelvin-Repo.git", "tool"] },
    { home: "/Users/dıana", repoNames: ["ACME/İstanbul-maps"] },
  ];
  // Paths are matched in the text, names in its skeleton (fold-lookalikes.ts).
  const alwaysRun = (text: string, context: RedactionContext): string => {
    const compiled = compileContext(context);
    const run = (
      from: string,
      parts: ReadonlyArray<readonly [CompiledContext["repos"], string]>,
    ): string => {
      let out = from;
      for (const [found, replacement] of parts) {
        const pattern = found?.pattern();
        if (pattern === undefined) continue;
        out = found?.folded
          ? replaceSkeletonMatches(Skeleton.of(out), pattern, replacement, { count: 0 })
          : out.replace(pattern, replacement);
      }
      return out;
    };
    return run(text, [
      [compiled.repoRoot, "."],
      [compiled.home, "~"],
      [compiled.repos, "[REDACTED:REPO]"],
      [compiled.username, "[REDACTED:USERNAME]"],
      [compiled.usernameEscaped, "[REDACTED:USERNAME]"],
      [compiled.reposGlued, "[REDACTED:REPO]"],
      [compiled.usernameGlued, "[REDACTED:USERNAME]"],
    ]);
  };
  const pieces = [
    "/home/Σωκράτης",
    "/HOME/ΣΩΚΡΆΤΗΣ",
    "σωκράτης",
    "ΣΩΚΡΆΤΗΣ",
    "σωκράτηϲ",
    "Σωκράτηs",
    "C:\\\\Users\\\\Straße",
    "STRASSE",
    "straße",
    "acme-tool",
    "ACME-TOOL",
    "Acme/Acme-Tool",
    "kelvin-repo",
    "\u212Aelvin-repo",
    "TOOL",
    "tool_x",
    "dıana",
    "DIANA",
    "İstanbul-maps",
    "istanbul-maps",
    " ",
    "/",
    "-",
    "x",
    "at ",
    ":12:3",
  ];
  it.each(contexts.map((context, i) => [i, context] as const))(
    "context %i: the same result as running every pattern",
    (_i, context) => {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 8 }), (parts) => {
          const text = parts.join("");
          const counter = { count: 0 };
          const paths = redactContextPaths(text, context, counter);
          expect(redactContextNames(paths, context, counter)).toBe(alwaysRun(text, context));
        }),
        { numRuns: 400 },
      );
    },
  );
});
