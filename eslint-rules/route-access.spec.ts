import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from './index.js';

// RuleTester picks up the global describe/it by itself; set them anyway so it never falls back to its own runner.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

const imports = `
import { Controller, Delete, Get, Injectable, Patch, Post } from '@nestjs/common';
import { Permit, Public } from '../auth/access.decorators.js';
`;

ruleTester.run('route-access', plugin.rules['route-access'], {
  valid: [
    {
      name: 'every route carries @Permit(...) or @Public()',
      code: `${imports}
        @Controller('projects')
        export class ProjectsController {
          @Get() @Permit('admin', 'planner') list() { return []; }
          @Post() @Permit(...WRITERS) create() { return {}; }
          @Get('open') @Public() open() { return {}; }
        }`,
    },
    {
      name: 'a class-level @Permit(...) covers every route',
      code: `${imports}
        @Permit('admin')
        @Controller('users')
        export class UsersController {
          @Get() list() { return []; }
          @Patch(':id') update() { return {}; }
          @Delete(':id') remove() { return {}; }
        }`,
    },
    {
      name: 'a class-level @Public() covers every route',
      code: `${imports}
        @Public()
        @Controller('health')
        export class HealthController {
          @Get() check() { return { ok: true }; }
        }`,
    },
    {
      name: 'a @Public() route in a @Permit(...) class (the method overrides the class)',
      code: `${imports}
        @Permit('admin')
        @Controller('auth')
        export class AuthController {
          @Post('sign-in') @Public() signIn() { return {}; }
          @Post('sign-out') signOut() { return {}; }
        }`,
    },
    {
      name: 'a class that is not a @Controller is ignored, even with route-like decorators',
      code: `${imports}
        @Injectable()
        export class NotAController {
          @Get() looksLikeARoute() { return []; }
        }`,
    },
    {
      name: 'methods without a route decorator are ignored',
      code: `${imports}
        @Controller('exports')
        export class ExportsController {
          constructor(private readonly service: unknown) {}
          @Get() @Permit('admin') projects() { return this.helper(); }
          helper() { return []; }
          @Deprecated() other() { return []; }
        }`,
    },
    {
      name: 'a controller written as a class expression',
      code: `${imports}
        export const Anonymous = @Controller('x') class {
          @Get() @Public() ping() { return 'pong'; }
        };`,
    },
  ],
  invalid: [
    {
      name: 'a route with no marker, reported at the method with a message naming the class and the method',
      code: `${imports}
        @Controller('exports')
        export class ExportsController {
          @Get('projects') projects() { return []; }
        }`,
      errors: [
        {
          message:
            'Route ExportsController.projects has neither @Public() nor @Permit(...): every route must say who may call it',
          line: 7,
          column: 28,
        },
      ],
    },
    {
      name: 'an unmarked class with one of its two routes marked',
      code: `${imports}
        @Controller('alerts')
        export class AlertsController {
          @Get() @Permit('admin') list() { return []; }
          @Post(':id/acknowledge') acknowledge() { return {}; }
        }`,
      errors: [{ messageId: 'missingAccess', data: { route: 'AlertsController.acknowledge' } }],
    },
    {
      name: 'every route decorator counts, and @common.Get() is matched by name',
      code: `${imports}
        import * as common from '@nestjs/common';
        @common.Controller('misc')
        export class MiscController {
          @common.Get() a() {}
          @common.Put() b() {}
          @common.All('*') c() {}
          @common.Head() d() {}
          @common.Options() e() {}
          @common.Delete() 'f-g'() {}
        }`,
      errors: [
        { messageId: 'missingAccess', data: { route: 'MiscController.a' } },
        { messageId: 'missingAccess', data: { route: 'MiscController.b' } },
        { messageId: 'missingAccess', data: { route: 'MiscController.c' } },
        { messageId: 'missingAccess', data: { route: 'MiscController.d' } },
        { messageId: 'missingAccess', data: { route: 'MiscController.e' } },
        { messageId: 'missingAccess', data: { route: 'MiscController.f-g' } },
      ],
    },
    {
      name: 'a decorator that is not called does not count as a marker',
      code: `${imports}
        @Controller('x')
        export class XController {
          @Get() @Public ping() { return 'pong'; }
        }`,
      errors: [{ messageId: 'missingAccess', data: { route: 'XController.ping' } }],
    },
    {
      name: '@Public() and @Permit(...) on the same route',
      code: `${imports}
        @Controller('projects')
        export class ProjectsController {
          @Get() @Public() @Permit('admin') list() { return []; }
        }`,
      errors: [{ messageId: 'publicAndPermit', data: { route: 'ProjectsController.list' } }],
    },
    {
      name: '@Public() and @Permit(...) on the same class',
      code: `${imports}
        @Public()
        @Permit('admin')
        @Controller('projects')
        export class ProjectsController {
          @Get() list() { return []; }
        }`,
      errors: [{ messageId: 'classPublicAndPermit', data: { className: 'ProjectsController' } }],
    },
    {
      name: '@Permit(...) on a route of a @Public() class is ignored by the guard',
      code: `${imports}
        @Public()
        @Controller('projects')
        export class ProjectsController {
          @Get() list() { return []; }
          @Post() @Permit('admin') create() { return {}; }
        }`,
      errors: [
        {
          messageId: 'permitInPublicClass',
          data: { route: 'ProjectsController.create', className: 'ProjectsController' },
        },
      ],
    },
    {
      name: 'an empty @Permit() on a route',
      code: `${imports}
        @Controller('projects')
        export class ProjectsController {
          @Post() @Permit() create() { return {}; }
        }`,
      errors: [{ messageId: 'emptyPermit', data: { target: 'route ProjectsController.create' } }],
    },
    {
      name: 'an empty @Permit() on a class, and @Permit(...[])',
      code: `${imports}
        @Permit()
        @Controller('projects')
        export class ProjectsController {
          @Post() @Permit(...[]) create() { return {}; }
        }`,
      errors: [
        { messageId: 'emptyPermit', data: { target: 'class ProjectsController' } },
        { messageId: 'emptyPermit', data: { target: 'route ProjectsController.create' } },
      ],
    },
  ],
});
