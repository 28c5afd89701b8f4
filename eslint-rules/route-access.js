/**
 * taizhang/route-access: every HTTP route of the API says who may call it.
 *
 * A route handler is a method of a `@Controller(...)` class decorated with one of Nest's request-mapping
 * decorators (`@Get`, `@Post`, …). It must carry, itself or through its class, `@Public()` (open without
 * sign-in) or `@Permit(...roles)` (apps/api/src/auth/access.decorators.ts). The AuthGuard refuses a route
 * with neither; this rule fails the lint first.
 *
 * Also reported, because the guard would quietly do something other than what the code seems to say:
 * - `@Public()` and `@Permit(...)` on the same method or the same class (the guard checks @Public first,
 *   so the @Permit is ignored);
 * - `@Permit(...)` on a method of a `@Public()` class (same reason: the class's @Public wins);
 * - `@Permit()` with no roles (only the administrator, who passes every check, could call it).
 *
 * Decorators are matched by name (`@Get()` or `@common.Get()`), not by where they are imported from.
 */

/** Nest's request-mapping decorators (@nestjs/common/decorators/http/request-mapping.decorator). */
const ROUTE_DECORATORS = new Set([
  'Get',
  'Post',
  'Put',
  'Patch',
  'Delete',
  'All',
  'Head',
  'Options',
  'Search',
  'RequestMapping',
  'QueryMethod',
  'Propfind',
  'Proppatch',
  'Mkcol',
  'Copy',
  'Move',
  'Lock',
  'Unlock',
]);

/** The name a decorator is called by: `Get` for `@Get()`, `@Get` and `@common.Get()`. */
function decoratorName(decorator) {
  let expression = decorator.expression;
  if (expression.type === 'CallExpression') expression = expression.callee;
  if (expression.type === 'Identifier') return expression.name;
  if (expression.type === 'MemberExpression' && !expression.computed && expression.property.type === 'Identifier') {
    return expression.property.name;
  }
  return undefined;
}

/** The decorators named `name` that are called (`@Public()`, not `@Public`). */
function calls(decorators, name) {
  return (decorators ?? []).filter((d) => d.expression.type === 'CallExpression' && decoratorName(d) === name);
}

/** `@Permit()` or `@Permit(...[])`: no role named. */
function permitsNoRole(decorator) {
  const args = decorator.expression.arguments;
  if (args.length === 0) return true;
  return args.every((arg) => arg.type === 'SpreadElement' && arg.argument.type === 'ArrayExpression' && arg.argument.elements.length === 0);
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: {
      description:
        'Require every route handler of a NestJS @Controller to carry @Public() or @Permit(...roles), itself or through its class, and forbid contradictory or empty markers',
    },
    messages: {
      missingAccess: 'Route {{route}} has neither @Public() nor @Permit(...): every route must say who may call it',
      publicAndPermit:
        'Route {{route}} has both @Public() and @Permit(...): @Public() wins and the @Permit(...) is ignored; keep the one that is meant',
      classPublicAndPermit:
        'Controller {{className}} has both @Public() and @Permit(...): @Public() wins and the @Permit(...) is ignored; keep the one that is meant',
      permitInPublicClass:
        'Route {{route}} has @Permit(...) but its class {{className}} is @Public(): the class\'s @Public() wins and the @Permit(...) is ignored; move @Public() onto the routes that are meant to be open',
      emptyPermit:
        '@Permit() on {{target}} names no role: it permits nobody (only the administrator gets through); name the roles, e.g. @Permit(\'admin\')',
    },
    schema: [],
  },

  create(context) {
    const sourceCode = context.sourceCode;

    function memberName(method) {
      if (!method.computed && method.key.type === 'Identifier') return method.key.name;
      if (method.key.type === 'PrivateIdentifier') return `#${method.key.name}`;
      if (method.key.type === 'Literal') return String(method.key.value);
      return `[${sourceCode.getText(method.key)}]`;
    }

    function reportEmptyPermits(permits, target) {
      for (const permit of permits) {
        if (permitsNoRole(permit)) context.report({ node: permit, messageId: 'emptyPermit', data: { target } });
      }
    }

    function checkClass(node) {
      const classDecorators = node.decorators ?? [];
      if (!classDecorators.some((d) => decoratorName(d) === 'Controller')) return;
      const className = node.id?.name ?? '(anonymous class)';

      const classPublic = calls(classDecorators, 'Public');
      const classPermit = calls(classDecorators, 'Permit');
      if (classPublic.length > 0 && classPermit.length > 0) {
        context.report({ node: classPermit[0], messageId: 'classPublicAndPermit', data: { className } });
      }
      reportEmptyPermits(classPermit, `class ${className}`);
      const classMarked = classPublic.length > 0 || classPermit.length > 0;

      for (const member of node.body.body) {
        if (member.type !== 'MethodDefinition' || !member.decorators?.length) continue;
        if (!member.decorators.some((d) => ROUTE_DECORATORS.has(decoratorName(d) ?? ''))) continue;
        const route = `${className}.${memberName(member)}`;
        const methodPublic = calls(member.decorators, 'Public');
        const methodPermit = calls(member.decorators, 'Permit');

        if (!classMarked && methodPublic.length === 0 && methodPermit.length === 0) {
          context.report({ node: member.key, messageId: 'missingAccess', data: { route } });
          continue;
        }
        if (methodPublic.length > 0 && methodPermit.length > 0) {
          context.report({ node: methodPermit[0], messageId: 'publicAndPermit', data: { route } });
        } else if (classPublic.length > 0 && methodPermit.length > 0) {
          context.report({ node: methodPermit[0], messageId: 'permitInPublicClass', data: { route, className } });
        }
        reportEmptyPermits(methodPermit, `route ${route}`);
      }
    }

    return {
      ClassDeclaration: checkClass,
      ClassExpression: checkClass,
    };
  },
};

export default rule;
