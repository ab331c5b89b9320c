/**
 * `npm run bench:readme`: re-renders the performance tables of README.md and tests/bench/README.md
 * from the committed bench-results/latest.json (no browser, no measurement).
 */
import { README_FILES, readResults, rewriteReadmes } from './results';

rewriteReadmes(readResults());
console.log(`rendered ${README_FILES.summary} and ${README_FILES.details} from bench-results/latest.json`);
