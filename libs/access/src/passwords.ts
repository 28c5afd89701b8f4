import bcrypt from 'bcryptjs';

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost);
}

// Compared against when the user does not exist, so that the answer takes as long either way.
const NOBODY = '$2b$10$ZwsoomGIYi/huwhsa7T9meQpO9XeSUzLTmeXFyeBnUw5zdpDSGC0G';

export function passwordMatches(password: string, hash: string | undefined): Promise<boolean> {
  return bcrypt.compare(password, hash ?? NOBODY).then((same) => same && hash !== undefined);
}
