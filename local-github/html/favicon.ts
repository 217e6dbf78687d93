// A small crash-to-fix mark, served at /favicon.svg (and /favicon.ico, which
// browsers ask for by themselves), so no page load ends in a 404.
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#24292f"/><path d="M9 22l5-6-4-5h4l3 3.5L21 9h3l-6 7.5 5 6h-4l-3-3.5-3 3.5z" fill="#fff"/></svg>
`;
