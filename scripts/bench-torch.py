#!/usr/bin/python3
"""PyTorch-eager peer of `npm run bench` (src/bench/torch-peer.ts spawns it).

Times the five headline architectures in PyTorch eager on the CPU: torchvision's resnet50 and
resnext50_32x4d, and for SE, SK and ResNeSt (not in torchvision) a port of timm v1.0.28's ResNet
written here (timm is not needed). Before a model is timed, the port of its family is run on every
tiny fixture of that family (fixtures/tiny: timm's own weights, input and logits) and must match
(max |diff| <= 1e-4), and a torchvision model must equal the port with the same weights.

  /usr/bin/python3 scripts/bench-torch.py --check
      parity of the port on every tiny fixture; JSON on stdout; exit 1 when one fails
  /usr/bin/python3 scripts/bench-torch.py --model seresnet50 [--weights w.safetensors]
      [--input x.f32] --threads 2 --runs 20 --batches 1,8
      family check, then warm timings (and the logits of --input); JSON on stdout
  ... --model seresnet50 --serve
      family check, the JSON line without timings, then timings on request (one JSON line each),
      so that the bench can interleave PyTorch and ORT runs

Progress goes to stderr. Exit 2: bad arguments or files.
"""
import argparse
import json
import math
import os
import statistics
import struct
import sys
import time

# Like the ORT floor (its intra-op pool does not spin, see src/runtime/engine/ort-engine.ts): OpenMP
# threads that spin while waiting stall for hundreds of ms whenever another process holds a core.
os.environ.setdefault('OMP_WAIT_POLICY', 'PASSIVE')

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOLERANCE = 1e-4


def log(msg):
    print(f'bench-torch: {msg}', file=sys.stderr, flush=True)


# --- timm helpers (timm/layers/helpers.py, padding.py) ---------------------------------------

def make_divisible(v, divisor=8, min_value=None, round_limit=0.9):
    min_value = min_value or divisor
    new_v = max(min_value, int(v + divisor / 2) // divisor * divisor)
    if new_v < round_limit * v:
        new_v += divisor
    return new_v


def sym_pad(kernel, stride=1, dilation=1):
    return ((stride - 1) + dilation * (kernel - 1)) // 2


# --- layers: same state-dict keys as timm ---------------------------------------------------

class BnAct(nn.BatchNorm2d):
    """timm BatchNormAct2d: BatchNorm and an optional ReLU under the BN's own key prefix."""

    def __init__(self, channels, act=True):
        super().__init__(channels)
        self.act = nn.ReLU(inplace=True) if act else nn.Identity()

    def forward(self, x):
        return self.act(super().forward(x))


class ConvBnAct(nn.Module):
    """timm ConvNormAct (keys `conv.*`, `bn.*`), symmetric padding as timm's padding=''."""

    def __init__(self, cin, cout, kernel, stride=1, dilation=1, groups=1, act=True):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel, stride, sym_pad(kernel, stride, dilation), dilation, groups, bias=False)
        self.bn = BnAct(cout, act)

    def forward(self, x):
        return self.bn(self.conv(x))


class SqueezeExcite(nn.Module):
    """timm SEModule with its defaults (rd_ratio 1/16, divisor 8, bias, ReLU, sigmoid gate)."""

    def __init__(self, channels, rd_ratio=1.0 / 16, rd_divisor=8):
        super().__init__()
        rd = make_divisible(channels * rd_ratio, rd_divisor, round_limit=0.0)
        self.fc1 = nn.Conv2d(channels, rd, 1, bias=True)
        self.bn = nn.Identity()
        self.act = nn.ReLU(inplace=True)
        self.fc2 = nn.Conv2d(rd, channels, 1, bias=True)
        self.gate = nn.Sigmoid()

    def forward(self, x):
        s = x.mean((2, 3), keepdim=True)
        s = self.fc2(self.act(self.bn(self.fc1(s))))
        return x * self.gate(s)


def create_attn(attn_layer, channels):
    if attn_layer is None:
        return None
    if attn_layer == 'se':
        return SqueezeExcite(channels)
    raise ValueError(f'attn_layer {attn_layer!r} is not ported')


class SelectiveKernelAttn(nn.Module):
    def __init__(self, channels, num_paths, attn_channels):
        super().__init__()
        self.num_paths = num_paths
        self.fc_reduce = nn.Conv2d(channels, attn_channels, 1, bias=False)
        self.bn = nn.BatchNorm2d(attn_channels)
        self.act = nn.ReLU(inplace=True)
        self.fc_select = nn.Conv2d(attn_channels, channels * num_paths, 1, bias=False)

    def forward(self, x):  # x: [B, paths, C, H, W]
        a = x.sum(1).mean((2, 3), keepdim=True)
        a = self.fc_select(self.act(self.bn(self.fc_reduce(a))))
        b, c, h, w = a.shape
        return torch.softmax(a.view(b, self.num_paths, c // self.num_paths, h, w), dim=1)


class SelectiveKernel(nn.Module):
    """timm SelectiveKernel with keep_3x3: kernels [3, 5] become 3x3 with dilation 1 and 2."""

    def __init__(self, cin, cout, stride=1, dilation=1, groups=1, kernel_size=None, rd_ratio=1.0 / 16,
                 rd_channels=None, rd_divisor=8, keep_3x3=True, split_input=True):
        super().__init__()
        kernels = kernel_size or [3, 5]
        if not isinstance(kernels, list):
            kernels = [kernels] * 2
        if keep_3x3:
            dilations = [dilation * (k - 1) // 2 for k in kernels]
            kernels = [3] * len(kernels)
        else:
            dilations = [dilation] * len(kernels)
        self.num_paths = len(kernels)
        self.in_channels = cin
        self.split_input = split_input
        path_in = cin // self.num_paths if split_input else cin
        groups = min(cout, groups)
        self.paths = nn.ModuleList(
            [ConvBnAct(path_in, cout, k, stride, d, groups) for k, d in zip(kernels, dilations)])
        attn_channels = rd_channels or make_divisible(cout * rd_ratio, divisor=rd_divisor)
        self.attn = SelectiveKernelAttn(cout, self.num_paths, attn_channels)

    def forward(self, x):
        if self.split_input:
            parts = torch.split(x, self.in_channels // self.num_paths, 1)
            paths = [op(parts[i]) for i, op in enumerate(self.paths)]
        else:
            paths = [op(x) for op in self.paths]
        x = torch.stack(paths, dim=1)
        return torch.sum(x * self.attn(x), dim=1)


class RadixSoftmax(nn.Module):
    def __init__(self, radix, cardinality):
        super().__init__()
        self.radix = radix
        self.cardinality = cardinality

    def forward(self, x):
        b = x.size(0)
        if self.radix > 1:
            x = x.view(b, self.cardinality, self.radix, -1).transpose(1, 2)
            return F.softmax(x, dim=1).reshape(b, -1)
        return torch.sigmoid(x)


class SplitAttn(nn.Module):
    """timm SplitAttn (ResNeSt's split attention), BatchNorm norm layer."""

    def __init__(self, cin, cout, stride, padding, dilation, groups, radix, rd_ratio=0.25, rd_divisor=8):
        super().__init__()
        self.radix = radix
        mid = cout * radix
        attn = make_divisible(cin * radix * rd_ratio, min_value=32, divisor=rd_divisor)
        self.conv = nn.Conv2d(cin, mid, 3, stride, padding, dilation, groups=groups * radix, bias=False)
        self.bn0 = nn.BatchNorm2d(mid)
        self.act0 = nn.ReLU(inplace=True)
        self.fc1 = nn.Conv2d(cout, attn, 1, groups=groups)
        self.bn1 = nn.BatchNorm2d(attn)
        self.act1 = nn.ReLU(inplace=True)
        self.fc2 = nn.Conv2d(attn, mid, 1, groups=groups)
        self.rsoftmax = RadixSoftmax(radix, groups)

    def forward(self, x):
        x = self.act0(self.bn0(self.conv(x)))
        b, rc, h, w = x.shape
        if self.radix > 1:
            x = x.reshape((b, self.radix, rc // self.radix, h, w))
            gap = x.sum(dim=1)
        else:
            gap = x
        gap = self.act1(self.bn1(self.fc1(gap.mean((2, 3), keepdim=True))))
        a = self.rsoftmax(self.fc2(gap)).view(b, -1, 1, 1)
        if self.radix > 1:
            return (x * a.reshape((b, self.radix, rc // self.radix, 1, 1))).sum(dim=1).contiguous()
        return (x * a).contiguous()


# --- residual blocks (timm resnet.py, sknet.py, resnest.py), eval-mode forward ---------------

class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride, downsample, cardinality=1, base_width=64, attn_layer=None):
        super().__init__()
        assert cardinality == 1 and base_width == 64, 'BasicBlock: cardinality 1, base_width 64'
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.act1 = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.se = create_attn(attn_layer, planes)
        self.act2 = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        shortcut = x if self.downsample is None else self.downsample(x)
        x = self.bn2(self.conv2(self.act1(self.bn1(self.conv1(x)))))
        if self.se is not None:
            x = self.se(x)
        return self.act2(x + shortcut)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride, downsample, cardinality=1, base_width=64, attn_layer=None):
        super().__init__()
        width = int(math.floor(planes * (base_width / 64)) * cardinality)
        out = planes * 4
        self.conv1 = nn.Conv2d(inplanes, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.act1 = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(width, width, 3, stride, 1, groups=cardinality, bias=False)
        self.bn2 = nn.BatchNorm2d(width)
        self.act2 = nn.ReLU(inplace=True)
        self.conv3 = nn.Conv2d(width, out, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(out)
        self.se = create_attn(attn_layer, out)
        self.act3 = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        shortcut = x if self.downsample is None else self.downsample(x)
        x = self.act1(self.bn1(self.conv1(x)))
        x = self.act2(self.bn2(self.conv2(x)))
        x = self.bn3(self.conv3(x))
        if self.se is not None:
            x = self.se(x)
        return self.act3(x + shortcut)


class SelectiveKernelBasic(nn.Module):
    expansion = 1

    def __init__(self, inplanes, planes, stride, downsample, cardinality=1, base_width=64, sk_kwargs=None,
                 attn_layer=None):
        super().__init__()
        assert cardinality == 1 and base_width == 64, 'SelectiveKernelBasic: cardinality 1, base_width 64'
        self.conv1 = SelectiveKernel(inplanes, planes, stride=stride, **(sk_kwargs or {}))
        self.conv2 = ConvBnAct(planes, planes, 3, act=False)
        self.se = create_attn(attn_layer, planes)
        self.act = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        shortcut = x if self.downsample is None else self.downsample(x)
        x = self.conv2(self.conv1(x))
        if self.se is not None:
            x = self.se(x)
        return self.act(x + shortcut)


class SelectiveKernelBottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride, downsample, cardinality=1, base_width=64, sk_kwargs=None,
                 attn_layer=None):
        super().__init__()
        width = int(math.floor(planes * (base_width / 64)) * cardinality)
        self.conv1 = ConvBnAct(inplanes, width, 1)
        self.conv2 = SelectiveKernel(width, width, stride=stride, groups=cardinality, **(sk_kwargs or {}))
        self.conv3 = ConvBnAct(width, planes * 4, 1, act=False)
        self.se = create_attn(attn_layer, planes * 4)
        self.act = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        shortcut = x if self.downsample is None else self.downsample(x)
        x = self.conv3(self.conv2(self.conv1(x)))
        if self.se is not None:
            x = self.se(x)
        return self.act(x + shortcut)


class ResNestBottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride, downsample, cardinality=1, base_width=64, radix=1, avd=False,
                 avd_first=False, is_first=False):
        super().__init__()
        width = int(planes * (base_width / 64.0)) * cardinality
        avd_stride = 0
        if avd and (stride > 1 or is_first):
            avd_stride, stride = stride, 1
        self.conv1 = nn.Conv2d(inplanes, width, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.act1 = nn.ReLU(inplace=True)
        self.avd_first = nn.AvgPool2d(3, avd_stride, padding=1) if avd_stride > 0 and avd_first else None
        if radix >= 1:
            self.conv2 = SplitAttn(width, width, stride, 1, 1, cardinality, radix)
            self.bn2 = nn.Identity()
            self.act2 = nn.Identity()
        else:
            self.conv2 = nn.Conv2d(width, width, 3, stride, 1, groups=cardinality, bias=False)
            self.bn2 = nn.BatchNorm2d(width)
            self.act2 = nn.ReLU(inplace=True)
        self.avd_last = nn.AvgPool2d(3, avd_stride, padding=1) if avd_stride > 0 and not avd_first else None
        self.conv3 = nn.Conv2d(width, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.act3 = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        shortcut = x if self.downsample is None else self.downsample(x)
        out = self.act1(self.bn1(self.conv1(x)))
        if self.avd_first is not None:
            out = self.avd_first(out)
        out = self.act2(self.bn2(self.conv2(out)))
        if self.avd_last is not None:
            out = self.avd_last(out)
        out = self.bn3(self.conv3(out))
        return self.act3(out + shortcut)


BLOCKS = {b.__name__: b for b in (BasicBlock, Bottleneck, SelectiveKernelBasic, SelectiveKernelBottleneck,
                                  ResNestBottleneck)}


def downsample(inplanes, out, stride, avg_down):
    """timm downsample_conv (1x1 conv, keys .0/.1) or downsample_avg (pool, conv, bn: .1/.2)."""
    if avg_down:
        pool = nn.AvgPool2d(2, stride, ceil_mode=True, count_include_pad=False) if stride != 1 else nn.Identity()
        return nn.Sequential(pool, nn.Conv2d(inplanes, out, 1, bias=False), nn.BatchNorm2d(out))
    return nn.Sequential(nn.Conv2d(inplanes, out, 1, stride, bias=False), nn.BatchNorm2d(out))


class ResNet(nn.Module):
    """timm `ResNet(**kwargs)` (output stride 32, avg pool, BatchNorm, ReLU), eval forward."""

    def __init__(self, block, layers, num_classes=1000, in_chans=3, cardinality=1, base_width=64, stem_width=64,
                 stem_type='', avg_down=False, channels=(64, 128, 256, 512), zero_init_last=True, block_args=None):
        super().__init__()
        block = BLOCKS[block] if isinstance(block, str) else block
        deep = 'deep' in stem_type
        inplanes = stem_width * 2 if deep else 64
        if deep:
            s0, s1 = (3 * (stem_width // 4), stem_width) if 'tiered' in stem_type else (stem_width, stem_width)
            self.conv1 = nn.Sequential(
                nn.Conv2d(in_chans, s0, 3, 2, 1, bias=False), nn.BatchNorm2d(s0), nn.ReLU(inplace=True),
                nn.Conv2d(s0, s1, 3, 1, 1, bias=False), nn.BatchNorm2d(s1), nn.ReLU(inplace=True),
                nn.Conv2d(s1, inplanes, 3, 1, 1, bias=False))
        else:
            self.conv1 = nn.Conv2d(in_chans, inplanes, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(inplanes)
        self.act1 = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        for i, (planes, n) in enumerate(zip(channels, layers)):
            stride = 1 if i == 0 else 2
            out = planes * block.expansion
            down = downsample(inplanes, out, stride, avg_down) if stride != 1 or inplanes != out else None
            blocks = []
            for j in range(n):
                blocks.append(block(inplanes, planes, stride if j == 0 else 1, down if j == 0 else None,
                                    cardinality=cardinality, base_width=base_width, **(block_args or {})))
                inplanes = out
            self.add_module(f'layer{i + 1}', nn.Sequential(*blocks))
        self.fc = nn.Linear(inplanes, num_classes)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')

    def forward(self, x):
        x = self.maxpool(self.act1(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


# timm v1.0.28 entrypoints (resnet.py, sknet.py, resnest.py) as ResNet kwargs.
L50 = [3, 4, 6, 3]
TIMM_MODELS = {
    'resnet50': dict(block='Bottleneck', layers=L50),
    'resnext50_32x4d': dict(block='Bottleneck', layers=L50, cardinality=32, base_width=4),
    'seresnet50': dict(block='Bottleneck', layers=L50, block_args=dict(attn_layer='se')),
    'skresnext50_32x4d': dict(block='SelectiveKernelBottleneck', layers=L50, cardinality=32, base_width=4,
                              zero_init_last=False,
                              block_args=dict(sk_kwargs=dict(rd_ratio=1 / 16, rd_divisor=32, split_input=False))),
    'resnest50d': dict(block='ResNestBottleneck', layers=L50, stem_type='deep', stem_width=32, avg_down=True,
                       base_width=64, cardinality=1, block_args=dict(radix=2, avd=True, avd_first=False)),
}
TORCHVISION = {'resnet50', 'resnext50_32x4d'}
# The tiny fixtures that prove the port of each model's family.
FAMILY_BLOCKS = {
    'resnet50': ('BasicBlock', 'Bottleneck'),
    'resnext50_32x4d': ('Bottleneck',),
    'seresnet50': ('Bottleneck',),
    'skresnext50_32x4d': ('SelectiveKernelBasic', 'SelectiveKernelBottleneck'),
    'resnest50d': ('ResNestBottleneck',),
}


def family_fixtures(model, specs):
    """Fixtures of the model's family: same block kind, and SE only for SE models."""
    se = TIMM_MODELS[model].get('block_args', {}).get('attn_layer') == 'se'
    return [name for name, spec in specs.items()
            if spec['block'] in FAMILY_BLOCKS[model] and (spec.get('block_args', {}).get('attn_layer') == 'se') == se]


# --- files -------------------------------------------------------------------------------------

ST_DTYPES = {'F32': torch.float32, 'F64': torch.float64, 'F16': torch.float16, 'BF16': torch.bfloat16,
             'I64': torch.int64, 'I32': torch.int32}


def read_safetensors(path):
    """A safetensors file as {key: tensor} (little-endian host; no `safetensors` package needed)."""
    with open(path, 'rb') as f:
        buf = bytearray(os.path.getsize(path))
        f.readinto(buf)
    (n,) = struct.unpack('<Q', buf[:8])
    header = json.loads(buf[8:8 + n])
    out = {}
    for key, t in header.items():
        if key == '__metadata__':
            continue
        dtype = ST_DTYPES[t['dtype']]
        begin, end = t['data_offsets']
        count = math.prod(t['shape'])
        flat = (torch.frombuffer(buf, dtype=dtype, count=count, offset=8 + n + begin) if count
                else torch.empty(0, dtype=dtype))
        assert flat.element_size() * count == end - begin, f'{key}: data size does not match its shape'
        out[key] = flat.reshape(t['shape'])
    return out


def read_f32(path, shape):
    with open(path, 'rb') as f:
        data = bytearray(f.read())
    return torch.frombuffer(data, dtype=torch.float32).reshape(shape)


def tiny_specs(fixtures):
    root = os.path.join(fixtures, 'tiny')
    return {name: json.load(open(os.path.join(root, name, 'ref.json')))['spec'] for name in sorted(os.listdir(root))}


def check_fixture(fixtures, name):
    """The port built from the fixture's timm kwargs, with timm's weights, on the fixture's input."""
    d = os.path.join(fixtures, 'tiny', name)
    ref = json.load(open(os.path.join(d, 'ref.json')))
    model = ResNet(**ref['spec']).eval()
    model.load_state_dict(read_safetensors(os.path.join(d, 'model.safetensors')), strict=True)
    x = read_f32(os.path.join(d, ref['input']['file']), ref['input']['shape'])
    want = read_f32(os.path.join(d, ref['logits']['file']), ref['logits']['shape'])
    with torch.inference_mode():
        diff = (model(x) - want).abs().max().item()
    return {'fixture': name, 'block': ref['spec']['block'], 'maxAbsDiff': diff, 'ok': diff <= TOLERANCE}


# --- timing ------------------------------------------------------------------------------------

def build(model, weights):
    if model in TORCHVISION:
        import torchvision
        net = getattr(torchvision.models, model)(weights=None)
    else:
        net = ResNet(**TIMM_MODELS[model])
    net.eval()
    state = read_safetensors(weights) if weights else None
    if state is not None:
        net.load_state_dict(state, strict=True)
    return net, state


def bench_input(batch, size):
    """0.5 sin(i) over the flat NCHW tensor: the same values as the ORT side (src/bench/torch-peer.ts)."""
    return torch.sin(torch.arange(batch * 3 * size * size, dtype=torch.float32)).mul_(0.5).reshape(batch, 3, size, size)


def run_ms(net, x, runs):
    ms = []
    with torch.inference_mode():
        for _ in range(runs):
            t0 = time.perf_counter()
            net(x)
            ms.append((time.perf_counter() - t0) * 1e3)
    return ms


def time_model(net, batch, size, warmup, runs):
    x = bench_input(batch, size)
    first = run_ms(net, x, 1)[0]
    run_ms(net, x, warmup)
    ms = run_ms(net, x, runs)
    return {'batch': batch, 'runs': runs, 'firstMs': first, 'medianMs': statistics.median(ms), 'minMs': min(ms)}


def serve(net, size):
    """Timings on request, so the caller can interleave them with its own runs: each stdin line
    {"batch": b, "runs": n} is answered by one stdout line {"ms": [...]}; EOF ends."""
    inputs = {}
    for line in sys.stdin:
        req = json.loads(line)
        b = int(req['batch'])
        x = inputs.setdefault(b, bench_input(b, size))
        print(json.dumps({'ms': run_ms(net, x, int(req['runs']))}), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--check', action='store_true', help='parity of the port on every tiny fixture, then exit')
    p.add_argument('--model', choices=sorted(TIMM_MODELS))
    p.add_argument('--weights', help='timm-layout model.safetensors (default: random init)')
    p.add_argument('--input', help='[1,3,S,S] float32 file: its logits are returned (to compare with ORT)')
    p.add_argument('--size', type=int, default=224)
    p.add_argument('--threads', type=int, default=torch.get_num_threads())
    p.add_argument('--runs', type=int, default=20)
    p.add_argument('--warmup', type=int, default=3)
    p.add_argument('--batches', default='1', help='comma-separated batch sizes, e.g. 1,8')
    p.add_argument('--batch-runs', type=int, help='timed runs for batches > 1 (default: --runs)')
    p.add_argument('--serve', action='store_true',
                   help='after the checks, print the result line, then time on request (see serve())')
    p.add_argument('--fixtures', default=os.path.join(ROOT, 'fixtures'))
    a = p.parse_args()
    if not a.check and not a.model:
        p.error('give --check or --model')
    torch.set_num_threads(a.threads)
    specs = tiny_specs(a.fixtures)
    head = {'torch': torch.__version__, 'threads': torch.get_num_threads(),
            'ompWaitPolicy': os.environ['OMP_WAIT_POLICY'], 'tolerance': TOLERANCE}

    if a.check:
        checks = [check_fixture(a.fixtures, name) for name in specs]
        for c in checks:
            log(f"{c['fixture']}: max |diff| {c['maxAbsDiff']:.2e} {'ok' if c['ok'] else 'FAILED'}")
        print(json.dumps({**head, 'checks': checks}))
        return 0 if all(c['ok'] for c in checks) else 1

    names = family_fixtures(a.model, specs)
    checks = [check_fixture(a.fixtures, name) for name in names]
    for c in checks:
        log(f"{a.model}: {c['fixture']} max |diff| {c['maxAbsDiff']:.2e}")
    result = {**head, 'model': a.model, 'impl': 'torchvision' if a.model in TORCHVISION else 'port', 'checks': checks}
    if not checks or not all(c['ok'] for c in checks):
        result['error'] = 'the port does not match timm on its fixtures: not timed'
        print(json.dumps(result))
        return 1

    net, state = build(a.model, a.weights)
    if a.model in TORCHVISION:
        # torchvision's model and the port (proved on the fixtures) must compute the same function.
        port = ResNet(**TIMM_MODELS[a.model]).eval()
        port.load_state_dict(state if state is not None else net.state_dict(), strict=True)
        x = torch.randn(1, 3, a.size, a.size, generator=torch.Generator().manual_seed(0))
        with torch.inference_mode():
            diff = (net(x) - port(x)).abs().max().item()
        result['torchvisionVsPort'] = diff
        log(f'{a.model}: torchvision vs port max |diff| {diff:.2e}')
        if diff > TOLERANCE:
            result['error'] = 'torchvision differs from the timm port: not timed'
            print(json.dumps(result))
            return 1
    if a.input:
        with torch.inference_mode():
            result['logits'] = net(read_f32(a.input, [1, 3, a.size, a.size])).flatten().tolist()
    if a.serve:
        print(json.dumps(result), flush=True)
        serve(net, a.size)
        return 0
    timings = []
    for b in [int(s) for s in a.batches.split(',') if s]:
        runs = a.runs if b == 1 else (a.batch_runs or a.runs)
        log(f'{a.model}: timing batch {b}, {runs} runs on {torch.get_num_threads()} threads')
        timings.append(time_model(net, b, a.size, a.warmup, runs))
    result['timings'] = timings
    print(json.dumps(result))
    return 0


if __name__ == '__main__':
    sys.exit(main())
