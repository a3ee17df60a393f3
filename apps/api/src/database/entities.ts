import { AuditLogEntry } from '../audit/audit-log-entry.entity';
import { Prompt } from '../prompts/prompt.entity';
import { PromptVersion } from '../prompts/prompt-version.entity';
import { User } from '../users/user.entity';

export const ENTITIES = [User, Prompt, PromptVersion, AuditLogEntry];
