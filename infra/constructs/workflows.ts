import { readFileSync } from "node:fs";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { DefinitionBody, LogLevel, StateMachine } from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import type { WorkflowDefinition } from "#functions/workflow-types";
import { type BindTargets, ProjectFunction } from "#infra/constructs/function";
import { acknowledge } from "#infra/nag";
import { constructId } from "#infra/names";
import { fromRoot } from "#infra/project";
import { functionTimeoutSeconds } from "#shared/function-access";

export interface WorkflowsProps {
  /** The workflows to deploy (`functions/workflows.ts`). */
  readonly workflows: readonly WorkflowDefinition[];
  /**
   * State machines are named `<prefix>-<workflow name>`: the top-level stack's name, also when this
   * construct is in a nested stack (whose own name CloudFormation generates).
   */
  readonly namePrefix: string;
  /** Names the log groups `/aws/vendedlogs/states/<stage>-<workflow>`. */
  readonly stage: string;
  /** What task functions may be bound to; `workflows` is filled in here, in declaration order. */
  readonly targets: Omit<BindTargets, "workflows">;
}

/**
 * One Standard state machine per workflow, from its ASL file (the same file the local runtime
 * runs), with one function per task. Each `${Substitution}` of the file is set to its task
 * function's ARN; the machine's role may invoke those functions and nothing else.
 */
export class Workflows extends Construct {
  /** State machines by workflow name. */
  readonly stateMachines = new Map<string, StateMachine>();
  readonly functions: ProjectFunction[] = [];

  constructor(scope: Construct, id: string, props: WorkflowsProps) {
    super(scope, id);
    for (const workflow of props.workflows) {
      if (!/^[A-Za-z0-9_-]+$/.test(workflow.name)) {
        throw new Error(`Workflow name "${workflow.name}" may hold only letters, digits, "-" and "_"`);
      }
      if (this.stateMachines.has(workflow.name))
        throw new Error(`Workflow "${workflow.name}" is declared twice`);
      checkSubstitutions(workflow);

      const group = new Construct(this, constructId(workflow.name));
      const tasks = Object.entries(workflow.tasks).map(([substitution, task]) => ({
        substitution,
        fn: new ProjectFunction(group, substitution, {
          entry: task.handler,
          description: `${workflow.name}: ${substitution} (${task.handler})`,
          timeout: Duration.seconds(functionTimeoutSeconds.task),
        }).bind(task.access, { ...props.targets, workflows: this.stateMachines }),
      }));
      this.functions.push(...tasks.map((task) => task.fn));

      const machine = new StateMachine(group, "StateMachine", {
        // Part of the contract: operators and the local runtime find the machine by this name.
        stateMachineName: `${props.namePrefix}-${workflow.name}`,
        definitionBody: DefinitionBody.fromFile(fromRoot(workflow.definitionFile)),
        definitionSubstitutions: Object.fromEntries(
          tasks.map((task) => [task.substitution, task.fn.functionArn]),
        ),
        logs: {
          // Under /aws/vendedlogs/: one account-wide log resource policy covers every such group
          // (a policy per group would soon meet the account's limit of 10).
          destination: new LogGroup(group, "Logs", {
            logGroupName: `/aws/vendedlogs/states/${props.stage}-${workflow.name}`,
            retention: RetentionDays.ONE_MONTH,
            // A fixed name: a rollback of the first deploy must delete it, or the retry meets it.
            removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
          }),
          level: LogLevel.ALL,
          // Inputs and outputs carry personal data; the execution history keeps them for operators.
          includeExecutionData: false,
        },
        tracingEnabled: true,
      });
      // The ASL may name task functions only by their unqualified ARN: no versions or aliases needed.
      if (tasks.length > 0) {
        machine.addToRolePolicy(
          new PolicyStatement({
            actions: ["lambda:InvokeFunction"],
            resources: tasks.map((task) => task.fn.functionArn),
          }),
        );
      }
      acknowledge(
        machine,
        "AwsSolutions-IAM5[Resource::*]",
        "CloudWatch Logs vended delivery (logs:CreateLogDelivery and friends) and X-Ray writes support no " +
          "resource-level permissions. The infra tests check that every `Resource: *` statement holds only those.",
      );
      this.stateMachines.set(workflow.name, machine);
    }
  }
}

/** Every `${Name}` of the ASL file has a task and every task is used, or synth fails with the names. */
function checkSubstitutions(workflow: WorkflowDefinition): void {
  const definition = readFileSync(fromRoot(workflow.definitionFile), "utf8");
  const used = new Set([...definition.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((match) => match[1] ?? ""));
  const declared = new Set(Object.keys(workflow.tasks));
  const unknown = [...used].filter((name) => !declared.has(name));
  const unused = [...declared].filter((name) => !used.has(name));
  if (unknown.length > 0 || unused.length > 0) {
    throw new Error(
      `${workflow.definitionFile} and the "${workflow.name}" tasks disagree: ` +
        `substitutions without a task: [${unknown.join(", ")}]; tasks the file never names: [${unused.join(", ")}]`,
    );
  }
}
