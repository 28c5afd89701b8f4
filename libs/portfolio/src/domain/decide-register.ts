import { CATEGORIES, isCategory, type Category } from './category.js';
import {
  PROJECT_TEXT_LIMITS,
  describe,
  email,
  optionalDate,
  optionalText,
  projectId,
  requiredText,
} from './command-validation.js';
import { COUNTY_SLUGS, isCountySlug, type CountySlug } from './county.js';
import { PROJECT_ACTIONS, isProjectAction, type ProjectAction } from './project-action.js';
import type { RegisterProject } from './project-commands.js';
import { projectError } from './project-errors.js';
import type { ProjectRegistered } from './project-events.js';
import type { ProjectState } from './project-state.js';

export function decideRegister(command: RegisterProject, state: ProjectState | null): ProjectRegistered[] {
  const data = registrationData(command);
  if (state) {
    throw projectError('PROJECT_ALREADY_EXISTS', `projectId: project ${state.id} is already registered`, 'projectId');
  }
  const { plannedStart, plannedCompletion } = data;
  if (plannedStart !== null && plannedCompletion !== null && plannedStart > plannedCompletion) {
    throw projectError(
      'PLANNED_START_AFTER_COMPLETION',
      `plannedCompletion ${plannedCompletion} is before plannedStart ${plannedStart}`,
      'plannedCompletion',
    );
  }
  return [{ type: 'project.registered', data }];
}

function registrationData(command: RegisterProject): ProjectRegistered['data'] {
  return {
    projectId: projectId(command.projectId),
    name: requiredText(command.name, { field: 'name', max: PROJECT_TEXT_LIMITS.name, missing: 'NAME_REQUIRED', tooLong: 'NAME_TOO_LONG' }),
    county: county(command.county),
    category: category(command.category),
    subType: requiredText(command.subType, {
      field: 'subType',
      max: PROJECT_TEXT_LIMITS.subType,
      missing: 'SUB_TYPE_REQUIRED',
      tooLong: 'SUB_TYPE_TOO_LONG',
    }),
    action: action(command.action),
    plan: requiredText(command.plan, { field: 'plan', max: PROJECT_TEXT_LIMITS.plan, missing: 'PLAN_REQUIRED', tooLong: 'PLAN_TOO_LONG' }),
    sourceRef: optionalText(command.sourceRef, { field: 'sourceRef', max: PROJECT_TEXT_LIMITS.sourceRef, tooLong: 'SOURCE_REF_TOO_LONG' }),
    plannedStart: optionalDate(command.plannedStart, 'plannedStart'),
    plannedCompletion: optionalDate(command.plannedCompletion, 'plannedCompletion'),
    managerEmail: email(command.managerEmail, 'managerEmail'),
  };
}

function county(value: unknown): CountySlug {
  if (!isCountySlug(value)) {
    throw projectError('UNKNOWN_COUNTY', `county ${describe(value)} is not one of ${COUNTY_SLUGS.join(', ')}`, 'county');
  }
  return value;
}

function category(value: unknown): Category {
  if (!isCategory(value)) {
    throw projectError('UNKNOWN_CATEGORY', `category ${describe(value)} is not one of ${CATEGORIES.join(', ')}`, 'category');
  }
  return value;
}

function action(value: unknown): ProjectAction {
  if (!isProjectAction(value)) {
    throw projectError('UNKNOWN_ACTION', `action ${describe(value)} is not one of ${PROJECT_ACTIONS.join(', ')}`, 'action');
  }
  return value;
}
