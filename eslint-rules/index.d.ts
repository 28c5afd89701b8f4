// Types for index.js, so that TypeScript (allowJs off) can import the plugin, e.g. from the rule's spec.
import type { ESLint, Rule } from 'eslint';

declare const plugin: ESLint.Plugin & {
  meta: { name: string };
  rules: { 'route-access': Rule.RuleModule };
};

export default plugin;
