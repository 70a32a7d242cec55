/**
 * Builds the ONNX model both onnxruntime adapters run, one per shape:
 *   unfused:   Transpose(k) → MatMul(q, kᵀ) → Mul(scale) → Add(mask) → Softmax → MatMul(·, v)
 *   attention: the opset-23 Attention op (onnxruntime's own fused kernel).
 * The causal mask is computed inside the graph from Range/LessOrEqual/Where, so onnxruntime
 * folds it to a constant at session creation instead of the caller shipping N² floats per run.
 * Inputs q [b, h, nq, d], k [b, h, nk, d], v [b, h, nk, dv]; output o [b, h, nq, dv].
 */
import type { onnx as OnnxNamespace } from 'onnx-proto';

export type Onnx = typeof OnnxNamespace;
export type OnnxGraphKind = 'unfused' | 'attention';

export interface OnnxAttentionShape {
  batch: number;
  heads: number;
  queryLength: number;
  keyLength: number;
  headDim: number;
  valueDim: number;
}

export function onnxOpset(kind: OnnxGraphKind): number {
  return kind === 'attention' ? 23 : 17;
}

export function buildAttentionModel(
  onnx: Onnx,
  kind: OnnxGraphKind,
  s: OnnxAttentionShape,
  causal: boolean,
  scale: number,
): Uint8Array {
  const T = onnx.TensorProto.DataType;
  const A = onnx.AttributeProto.AttributeType;
  const valueInfo = (name: string, dims: number[]) =>
    onnx.ValueInfoProto.create({
      name,
      type: {
        tensorType: { elemType: T.FLOAT, shape: { dim: dims.map((d) => ({ dimValue: d })) } },
      },
    });
  const node = (opType: string, input: string[], output: string, attrs: object[] = []) =>
    onnx.NodeProto.create({ opType, input, output: [output], attribute: attrs });
  const attrInt = (name: string, i: number) => ({ name, type: A.INT, i });
  const f32 = (name: string, value: number) =>
    onnx.TensorProto.create({ name, dataType: T.FLOAT, dims: [], floatData: [value] });
  const i64 = (name: string, values: number[], dims: number[] = []) =>
    onnx.TensorProto.create({ name, dataType: T.INT64, dims, int64Data: values });

  const nodes: OnnxNamespace.INodeProto[] = [];
  const initializer: OnnxNamespace.ITensorProto[] = [];
  // Fused Attention's is_causal is top-left aligned; a bottom-right mask is only the same
  // when nq = nk, so other shapes get the explicit mask.
  const useIsCausal = kind === 'attention' && causal && s.queryLength === s.keyLength;
  const needMask = causal && !useIsCausal;
  if (needMask) {
    initializer.push(
      i64('zero', [0]),
      i64('nq', [s.queryLength]),
      i64('nk', [s.keyLength]),
      i64('one', [1]),
      i64('offset', [s.keyLength - s.queryLength]),
      i64('axis1', [1], [1]),
      f32('visible_score', 0),
      f32('hidden_score', Number.NEGATIVE_INFINITY),
    );
    nodes.push(
      node('Range', ['zero', 'nq', 'one'], 'rows'),
      node('Add', ['rows', 'offset'], 'last_key'),
      node('Unsqueeze', ['last_key', 'axis1'], 'last_key_col'),
      node('Range', ['zero', 'nk', 'one'], 'keys'),
      node('LessOrEqual', ['keys', 'last_key_col'], 'visible'),
      node('Where', ['visible', 'visible_score', 'hidden_score'], 'mask'),
    );
  }
  if (kind === 'attention') {
    const attrs = [
      { name: 'scale', type: A.FLOAT, f: scale },
      attrInt('is_causal', useIsCausal ? 1 : 0),
    ];
    nodes.push(node('Attention', needMask ? ['q', 'k', 'v', 'mask'] : ['q', 'k', 'v'], 'o', attrs));
  } else {
    initializer.push(f32('scale', scale));
    nodes.push(
      node('Transpose', ['k'], 'kt', [{ name: 'perm', type: A.INTS, ints: [0, 1, 3, 2] }]),
      node('MatMul', ['q', 'kt'], 'scores'),
      node('Mul', ['scores', 'scale'], 'scaled'),
    );
    if (needMask) nodes.push(node('Add', ['scaled', 'mask'], 'masked'));
    nodes.push(
      node('Softmax', [needMask ? 'masked' : 'scaled'], 'probs', [attrInt('axis', -1)]),
      node('MatMul', ['probs', 'v'], 'o'),
    );
  }
  const { batch: B, heads: H, queryLength: Nq, keyLength: Nk, headDim: D, valueDim: Dv } = s;
  const graph = onnx.GraphProto.create({
    name: `attnkit_${kind}_attention`,
    node: nodes,
    initializer,
    input: [
      valueInfo('q', [B, H, Nq, D]),
      valueInfo('k', [B, H, Nk, D]),
      valueInfo('v', [B, H, Nk, Dv]),
    ],
    output: [valueInfo('o', [B, H, Nq, Dv])],
  });
  const model = onnx.ModelProto.create({
    irVersion: kind === 'attention' ? 10 : 8,
    opsetImport: [{ domain: '', version: onnxOpset(kind) }],
    producerName: '@attnkit/cli',
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}

/** onnx-proto is CommonJS: its namespace sits on the default export under Node's ESM loader. */
export async function loadOnnx(importer: (specifier: string) => Promise<unknown>): Promise<Onnx> {
  const mod = (await importer('onnx-proto')) as { onnx?: Onnx; default?: { onnx?: Onnx } };
  const onnx = mod.onnx ?? mod.default?.onnx;
  if (!onnx) throw new Error('onnx-proto loaded but exports no onnx namespace');
  return onnx;
}
