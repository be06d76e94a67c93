// The design system's script, as an enhancement: every page works without it.
import DS from '/assets/design-system.js';

document.body.classList.add('js-enabled');
DS.initAll();

// The error summary takes focus (the autofocus attribute does so without script), even when the page's address still
// names another place on it, such as #main-content after the skip link was used.
window.addEventListener('load', () => document.getElementById('error-summary')?.focus());
