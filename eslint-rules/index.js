/** The project's own ESLint rules, registered in eslint.config.js as the `taizhang` plugin. */
import routeAccess from './route-access.js';

const plugin = {
  meta: { name: 'taizhang' },
  rules: { 'route-access': routeAccess },
};

export default plugin;
