import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';

/**
 * The props the scaffolder's form passes a field extension, as far as the
 * fields of this plugin read them; the rest are RJSF internals.
 */
export function fieldProps<T, O = {}>(
  overrides: Partial<FieldExtensionComponentProps<T, O>> = {},
): FieldExtensionComponentProps<T, O> {
  return {
    name: 'field',
    schema: { type: 'string' },
    uiSchema: {},
    idSchema: { $id: 'root_field' } as any,
    formData: undefined,
    onChange: jest.fn(),
    onBlur: jest.fn(),
    onFocus: jest.fn(),
    disabled: false,
    readonly: false,
    required: true,
    rawErrors: [],
    registry: {} as any,
    formContext: { formData: {} },
    ...overrides,
  } as FieldExtensionComponentProps<T, O>;
}
