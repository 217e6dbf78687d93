// CI detection by the variables the major providers document. `CI` is the
// de-facto common one (GitHub Actions, GitLab, CircleCI, Travis, Buildkite
// all set CI=true); the rest cover providers that do not set it.
const CI_MARKERS = [
  "GITHUB_ACTIONS",
  "GITLAB_CI",
  "BUILDKITE",
  "CIRCLECI",
  "TRAVIS",
  "JENKINS_URL",
  "TF_BUILD",
  "TEAMCITY_VERSION",
  "BITBUCKET_BUILD_NUMBER",
  "CODEBUILD_BUILD_ID",
  "APPVEYOR",
  "DRONE",
] as const;

export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI;
  if (ci !== undefined && ci !== "" && ci !== "0" && ci.toLowerCase() !== "false") return true;
  return CI_MARKERS.some((name) => (env[name] ?? "") !== "");
}
