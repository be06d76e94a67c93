// The design system's script, as an enhancement: every page works without it.
import DS from '/assets/design-system.js';

document.body.classList.add('js-enabled');
DS.initAll();
