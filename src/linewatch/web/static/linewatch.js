// Progressive enhancement only: every page and form works without this script.
import { initAll } from "/govuk/govuk-frontend.min.js";

initAll();
