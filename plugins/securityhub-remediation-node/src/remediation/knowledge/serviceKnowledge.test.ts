import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { parse } from 'yaml';
import { packageRoot } from '../validation/awsApiIndex';
import {
  lazyList,
  loadServiceKnowledge,
  SERVICE_KNOWLEDGE_FOLDER,
  serviceKnowledge,
  ServiceKnowledgeError,
} from './serviceKnowledge';

const folders: string[] = [];
afterAll(() =>
  folders.forEach(folder => rmSync(folder, { recursive: true, force: true })),
);

/** A services folder holding these files (path → text). */
function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'service-knowledge-'));
  folders.push(folder);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  return folder;
}

function problemsOf(files: Record<string, string>): readonly string[] {
  try {
    loadServiceKnowledge(folderWith(files));
    return [];
  } catch (error) {
    if (error instanceof ServiceKnowledgeError) return error.problems;
    throw error;
  }
}

const SCRIPT = "def handler(events, context):\n    return {'Done': True}\n";

/** s3.yaml with S3.5 (guidance and a curated script step) and S3.1. */
const s3Yaml = ({
  step = `
        - name: AddStatement
          action: aws:executeScript
          inputs:
            Runtime: python3.11
            Handler: handler
            Script:
              file: s3/S3.5-AddStatement.py`,
  extra = '',
} = {}) => `service: S3
controls:
  S3.5:
    guidance:
      summary: Reject plain-HTTP requests.
      steps: [Add a deny statement.]
    curated:
      description: Adds a statement.
      resourceType: AwsS3Bucket
      parameters: {}
      steps:${step}
      permissions:
        - actions: [s3:PutBucketPolicy]
          resources: ['*']
          why: no resource-level permissions in this test
  S3.1:
    symptoms: [account level block public access is off]
${extra}`;

describe('loadServiceKnowledge', () => {
  it('reads the entries, in catalog order, with the script text in place', () => {
    const folder = folderWith({
      's3.yaml': s3Yaml(),
      's3/S3.5-AddStatement.py': SCRIPT,
      'autoscaling.yaml':
        'service: AutoScaling\ncontrols:\n  Autoscaling.5:\n    symptoms: [instances get public ip addresses]\n',
    });
    const { controls } = loadServiceKnowledge(folder);
    expect([...controls.keys()]).toEqual(['Autoscaling.5', 'S3.1', 'S3.5']);
    const s35 = controls.get('S3.5')!;
    expect(s35.file).toBe('s3.yaml');
    expect(s35.guidance).toEqual({
      summary: 'Reject plain-HTTP requests.',
      steps: ['Add a deny statement.'],
    });
    expect(s35.curated?.controlId).toBe('S3.5');
    expect(s35.curated?.steps[0].inputs.Script).toBe(SCRIPT);
    expect(controls.get('S3.1')?.symptoms).toEqual([
      'account level block public access is off',
    ]);
  });

  it('names the file, the control and the field of a bad value', () => {
    const problems = problemsOf({
      's3.yaml': s3Yaml({
        step: `
        - name: AddStatement
          action: 42
          inputs: {}`,
      }),
    });
    expect(problems).toEqual([
      's3.yaml: S3.5: curated.steps[0].action: Expected string, received number',
    ]);
  });

  it('refuses unknown fields, malformed values and empty entries', () => {
    const problems = problemsOf({
      's3.yaml': s3Yaml({
        extra: `  S3.2:
    guidence: { summary: typo, steps: [x] }
  S3.8:
    runbook:
      runbook: AWS-DoIt
      resourceType: AwsS3Bucket
      parameters: { BucketName: { from: somewhere } }
      requiredIamActions: [s3:PutBucketAcl]
      rationale: test
      source: https://docs.aws.amazon.com/x.html
`,
      }),
      's3/S3.5-AddStatement.py': SCRIPT,
    });
    expect(problems).toEqual([
      "s3.yaml: S3.2: Unrecognized key(s) in object: 'guidence'",
      expect.stringMatching(
        /^s3\.yaml: S3\.8: runbook\.parameters\.BucketName: expected \{ from: resourceId/,
      ),
    ]);
    // Checked once the file matches its schema.
    const empty = problemsOf({
      's3.yaml': s3Yaml({ extra: '  S3.3: {}\n' }),
      's3/S3.5-AddStatement.py': SCRIPT,
    });
    expect(empty).toEqual([
      's3.yaml: S3.3: an entry needs at least one of guidance, symptoms, cannotAutomate, runbook, curated',
    ]);
  });

  it('refuses a control of another service, and ids the catalog does not know', () => {
    const problems = problemsOf({
      's3.yaml': s3Yaml({
        extra:
          '  EC2.1:\n    symptoms: [snapshot public]\n  S3.999:\n    symptoms: [x y z w]\n  s3.8:\n    symptoms: [x y z w]\n',
      }),
      's3/S3.5-AddStatement.py': SCRIPT,
    });
    expect(problems).toEqual([
      's3.yaml: EC2.1: belongs to service EC2 (ec2.yaml), not S3',
      's3.yaml: S3.999: not a control of the catalog',
      's3.yaml: s3.8: the catalog spells it S3.8',
    ]);
  });

  it('refuses a missing script file, or one of another service', () => {
    const missing = problemsOf({ 's3.yaml': s3Yaml() });
    expect(missing).toEqual([
      's3.yaml: S3.5: curated.steps[0].inputs.Script.file: no such file s3/S3.5-AddStatement.py',
    ]);
    const elsewhere = problemsOf({
      's3.yaml': s3Yaml().replace('file: s3/', 'file: ec2/'),
      'ec2/S3.5-AddStatement.py': SCRIPT,
    });
    expect(elsewhere).toEqual([
      's3.yaml: S3.5: curated.steps[0].inputs.Script.file: ec2/S3.5-AddStatement.py is not in the folder s3/',
    ]);
  });

  it('wants scripts as files, not inline', () => {
    const inline = s3Yaml().replace(
      /Script:\n\s+file: \S+/,
      'Script: "def handler(events, context): pass"',
    );
    expect(problemsOf({ 's3.yaml': inline })).toEqual([
      's3.yaml: S3.5: curated.steps[0].inputs.Script: expected { file: <service>/<name>.py }',
    ]);
  });

  it('checks file names, the service field and the YAML itself, across all files', () => {
    const problems = problemsOf({
      'S3.yaml': 'service: S3\ncontrols: {}\n',
      'ec2.yaml': 'service: S3\ncontrols: {}\n',
      'kms.yaml': 'service: KMS\ncontrols:\n  KMS.1: [unclosed\n',
      'sqs.yaml':
        'service: SQS\ncontrols:\n  SQS.1: {symptoms: [a]}\n  SQS.1: {symptoms: [b]}\n',
    });
    expect(problems).toEqual([
      'S3.yaml: a service file is named <lower-case service prefix>.yaml',
      'ec2.yaml: service: S3 is not the service of ec2.yaml',
      expect.stringMatching(/^kms\.yaml: not valid YAML: /),
      expect.stringMatching(
        /^sqs\.yaml: not valid YAML: Map keys must be unique/,
      ),
    ]);
  });
});

describe('the service files of the package', () => {
  const folder = join(__dirname, 'services');

  it('load, one file per service, with a .py file for each script and none unused', () => {
    const { controls } = serviceKnowledge();
    expect(controls.size).toBeGreaterThan(400);
    const yamlFiles = readdirSync(folder).filter(name =>
      name.endsWith('.yaml'),
    );
    const referenced = new Set<string>();
    for (const file of yamlFiles) {
      const data = parse(readFileSync(join(folder, file), 'utf8')) as {
        controls: Record<
          string,
          {
            curated?: {
              steps: Array<{ inputs: { Script?: { file: string } } }>;
            };
          }
        >;
      };
      for (const control of Object.values(data.controls)) {
        for (const step of control.curated?.steps ?? []) {
          if (step.inputs.Script) referenced.add(step.inputs.Script.file);
        }
      }
    }
    const handlers = readdirSync(folder, { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .flatMap(entry =>
        readdirSync(join(folder, entry.name))
          .filter(name => name.endsWith('.py'))
          .filter(name => !name.startsWith('test_') && name !== '__init__.py')
          .map(name => `${entry.name}/${name}`),
      );
    expect(handlers.filter(file => !referenced.has(file))).toEqual([]);
    expect(handlers.length).toBe(referenced.size);
  });
});

describe('the service files as deployed', () => {
  const root = packageRoot(__dirname);

  it("are found from the package root and ship: their folder is in the package's files", () => {
    expect(join(root, SERVICE_KNOWLEDGE_FOLDER)).toBe(
      join(__dirname, 'services'),
    );
    // dist/… in the built package: the same root, so the same folder.
    expect(packageRoot(join(root, 'dist', 'remediation', 'knowledge'))).toBe(
      root,
    );
    const { files } = JSON.parse(
      readFileSync(join(root, 'package.json'), 'utf8'),
    );
    expect(files).toContain(SERVICE_KNOWLEDGE_FOLDER);
  });
});

describe('lazyList', () => {
  it('loads once, on first access, and reads like a frozen array', () => {
    const load = jest.fn(() => [{ id: 'a' }, { id: 'b' }]);
    const list = lazyList(load);
    expect(load).not.toHaveBeenCalled();
    expect(Array.isArray(list)).toBe(true);
    expect(list.length).toBe(2);
    expect(list[1]).toEqual({ id: 'b' });
    expect([...list].map(item => item.id)).toEqual(['a', 'b']);
    expect(list.map(item => item.id)).toEqual(['a', 'b']);
    expect(Object.keys(list)).toEqual(['0', '1']);
    expect(JSON.stringify(list)).toBe('[{"id":"a"},{"id":"b"}]');
    expect(list).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(() => {
      (list as Array<{ id: string }>).push({ id: 'c' });
    }).toThrow(TypeError);
    expect(list.length).toBe(2);
    expect(load).toHaveBeenCalledTimes(1);
  });
});
