// Activities of the harness workflows (test/harness/workflows.ts).
import { Context } from '@temporalio/activity';

export const harnessActivities = {
  async greet(name: string): Promise<string> {
    return `hello ${name} from attempt ${Context.current().info.attempt}`;
  },
};

export type HarnessActivities = typeof harnessActivities;
