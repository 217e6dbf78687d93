/**
 * How well-known tools take a password on their command line (their man
 * pages): `sshpass -p pw`, `7z -ppw`, `mysql -ppw`, `unzip -P pw`,
 * `openssl ... -passin pass:pw`, `ldapsearch -w pw`, `redis-cli -a pw`,
 * `mongosh -p pw`, `sqlcmd -P pw`, `smbclient -U user%pw`,
 * `htpasswd -b file user pw`.
 */
export interface ToolFlags {
  /** Flags whose value is the next word. */
  readonly separate?: readonly string[];
  /** Flags whose value is glued on (`-pSecret`). */
  readonly glued?: readonly string[];
}

const LDAP: ToolFlags = { separate: ["-w"] };
const MYSQL: ToolFlags = { glued: ["-p"] };
const ARCHIVE: ToolFlags = { glued: ["-p"] };
const MONGO: ToolFlags = { separate: ["-p"] };

/** The tools whose password is a flag's value. */
// biome-ignore format: a table
export const TOOL_FLAGS: Readonly<Record<string, ToolFlags>> = {
  sshpass: { separate: ["-p"], glued: ["-p"] },
  "7z": ARCHIVE, "7za": ARCHIVE, "7zr": ARCHIVE, rar: ARCHIVE, unrar: ARCHIVE,
  mysql: MYSQL, mysqldump: MYSQL, mysqladmin: MYSQL, mariadb: MYSQL, "mariadb-dump": MYSQL,
  unzip: { separate: ["-P"] }, zip: { separate: ["-P"] },
  ldapsearch: LDAP, ldapmodify: LDAP, ldapadd: LDAP, ldapdelete: LDAP, ldapwhoami: LDAP, ldappasswd: LDAP,
  "redis-cli": { separate: ["-a"] },
  mongo: MONGO, mongosh: MONGO, mongodump: MONGO,
  sqlcmd: { separate: ["-P"] },
};

/** Every tool: those above, and three with a syntax of their own (`pass:pw`, `user%pw`, positional). */
export const TOOL_NAMES: readonly string[] = [
  ...Object.keys(TOOL_FLAGS),
  "openssl",
  "smbclient",
  "htpasswd",
];
