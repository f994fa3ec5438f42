import { bedrockFunctionDefinitions } from './chatToolSchemas';

describe('bedrockFunctionDefinitions', () => {
  it('describes every action with its parameters, types and which are required', () => {
    const functions = bedrockFunctionDefinitions();
    expect(functions.map(f => f.name)).toEqual([
      'find_control',
      'read_finding',
      'render_remediation',
      'validate_template',
    ]);
    const byName = Object.fromEntries(functions.map(f => [f.name, f]));
    expect(byName.find_control.parameters).toEqual({
      text: expect.objectContaining({ type: 'string', required: false }),
      findingId: expect.objectContaining({ type: 'string', required: false }),
      limit: expect.objectContaining({ type: 'integer', required: false }),
    });
    expect(byName.read_finding.parameters.findingId.required).toBe(true);
    expect(byName.render_remediation.parameters.controlId.required).toBe(true);
    expect(byName.validate_template.parameters).toMatchObject({
      templateYaml: { required: true },
      controlId: { required: true },
      name: { required: false },
    });
    for (const f of functions) {
      expect(f.description.length).toBeGreaterThan(20);
      for (const p of Object.values(f.parameters))
        expect(p.description).not.toBe('');
    }
  });
});
