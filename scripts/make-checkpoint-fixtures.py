#!/usr/bin/python3
"""
Regenerates fixtures/checkpoints/: small PyTorch checkpoints (.pth, zip and legacy formats) in the
key layouts of timm, torchvision and the official ResNeSt, each with the input it was run on and
the reference logits (and attention) PyTorch computed. Run with Debian's python3-torch and
python3-torchvision (torch 1.13, torchvision 0.14): `/usr/bin/python3 scripts/make-checkpoint-fixtures.py`.

torchvision's ResNet class fixes its stage widths at 64..512, too big for fixtures, so `TvResNet`
below is torchvision's `_make_layer` with the widths as a parameter, built from torchvision's own
BasicBlock/Bottleneck classes; it is checked against the real `torchvision.models.resnet.ResNet`
(same keys, shapes and outputs at 64..512). The official ResNeSt (zhanghang1989/ResNeSt,
resnest/torch/models/{resnet,splat}.py) is not packaged: `OfficialResNeSt` reproduces its module
tree, key names and forward pass (SplAtConv2d with rSoftMax, avd, avg_down, deep stem) with the
widths as a parameter. Nothing here needs the network.
"""
import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision.models import resnet as tv

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures')
OUT = os.path.join(ROOT, 'checkpoints')


# --- torchvision layout ----------------------------------------------------------------------
class TvResNet(nn.Module):
    """torchvision.models.resnet.ResNet with `channels` instead of the fixed 64, 128, 256, 512."""

    def __init__(self, block, layers, channels, num_classes=10, groups=1, width_per_group=64):
        super().__init__()
        self._norm_layer = nn.BatchNorm2d
        self.inplanes = 64
        self.dilation = 1
        self.groups = groups
        self.base_width = width_per_group
        self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = nn.BatchNorm2d(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, channels[0], layers[0])
        self.layer2 = self._make_layer(block, channels[1], layers[1], stride=2)
        self.layer3 = self._make_layer(block, channels[2], layers[2], stride=2)
        self.layer4 = self._make_layer(block, channels[3], layers[3], stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(channels[3] * block.expansion, num_classes)

    # Same as torchvision 0.14 ResNet._make_layer (no dilation).
    def _make_layer(self, block, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(
                tv.conv1x1(self.inplanes, planes * block.expansion, stride),
                nn.BatchNorm2d(planes * block.expansion),
            )
        layers = [block(self.inplanes, planes, stride, downsample, self.groups, self.base_width, 1, nn.BatchNorm2d)]
        self.inplanes = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.inplanes, planes, groups=self.groups, base_width=self.base_width,
                                dilation=1, norm_layer=nn.BatchNorm2d))
        return nn.Sequential(*layers)

    forward = tv.ResNet._forward_impl


def check_tv_layout():
    """TvResNet at torchvision's widths == torchvision's ResNet: keys, shapes and outputs."""
    for block, kw in [(tv.BasicBlock, {}), (tv.Bottleneck, {}), (tv.Bottleneck, dict(groups=32, width_per_group=4))]:
        torch.manual_seed(0)
        real = tv.ResNet(block, [1, 2, 1, 1], num_classes=10, **kw).eval()
        ours = TvResNet(block, [1, 2, 1, 1], [64, 128, 256, 512], 10, **kw).eval()
        a, b = real.state_dict(), ours.state_dict()
        assert [(k, tuple(v.shape)) for k, v in a.items()] == [(k, tuple(v.shape)) for k, v in b.items()], block
        ours.load_state_dict(a)
        x = torch.randn(1, 3, 64, 64)
        with torch.no_grad():
            assert torch.equal(real(x), ours(x)), block


# --- official ResNeSt layout (resnest/torch/models/splat.py, resnet.py) -------------------------
class rSoftMax(nn.Module):
    def __init__(self, radix, cardinality):
        super().__init__()
        self.radix = radix
        self.cardinality = cardinality

    def forward(self, x):
        batch = x.size(0)
        if self.radix > 1:
            x = x.view(batch, self.cardinality, self.radix, -1).transpose(1, 2)
            x = F.softmax(x, dim=1)
            x = x.reshape(batch, -1)
        else:
            x = torch.sigmoid(x)
        return x


class SplAtConv2d(nn.Module):
    def __init__(self, in_channels, channels, stride, groups, radix, reduction_factor=4):
        super().__init__()
        inter_channels = max(in_channels * radix // reduction_factor, 32)
        self.radix = radix
        self.cardinality = groups
        self.channels = channels
        self.conv = nn.Conv2d(in_channels, channels * radix, 3, stride, 1, 1, groups=groups * radix, bias=False)
        self.bn0 = nn.BatchNorm2d(channels * radix)
        self.relu = nn.ReLU(inplace=True)
        self.fc1 = nn.Conv2d(channels, inter_channels, 1, groups=self.cardinality)
        self.bn1 = nn.BatchNorm2d(inter_channels)
        self.fc2 = nn.Conv2d(inter_channels, channels * radix, 1, groups=self.cardinality)
        self.rsoftmax = rSoftMax(radix, groups)

    def forward(self, x):
        x = self.relu(self.bn0(self.conv(x)))
        batch, rchannel = x.shape[:2]
        if self.radix > 1:
            splited = torch.split(x, rchannel // self.radix, dim=1)
            gap = sum(splited)
        else:
            gap = x
        gap = F.adaptive_avg_pool2d(gap, 1)
        gap = self.relu(self.bn1(self.fc1(gap)))
        atten = self.fc2(gap)
        atten = self.rsoftmax(atten).view(batch, -1, 1, 1)
        if self.radix > 1:
            attens = torch.split(atten, rchannel // self.radix, dim=1)
            out = sum([att * split for (att, split) in zip(attens, splited)])
        else:
            out = atten * x
        return out.contiguous()


class OfficialBottleneck(nn.Module):
    expansion = 4

    def __init__(self, inplanes, planes, stride, downsample, radix, cardinality, bottleneck_width, avd, avd_first,
                 is_first):
        super().__init__()
        group_width = int(planes * (bottleneck_width / 64.)) * cardinality
        self.conv1 = nn.Conv2d(inplanes, group_width, kernel_size=1, bias=False)
        self.bn1 = nn.BatchNorm2d(group_width)
        self.radix = radix
        self.avd = avd and (stride > 1 or is_first)
        self.avd_first = avd_first
        if self.avd:
            self.avd_layer = nn.AvgPool2d(3, stride, padding=1)
            stride = 1
        self.conv2 = SplAtConv2d(group_width, group_width, stride, cardinality, radix)
        self.conv3 = nn.Conv2d(group_width, planes * 4, kernel_size=1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        residual = x
        out = self.relu(self.bn1(self.conv1(x)))
        if self.avd and self.avd_first:
            out = self.avd_layer(out)
        out = self.conv2(out)
        if self.avd and not self.avd_first:
            out = self.avd_layer(out)
        out = self.bn3(self.conv3(out))
        if self.downsample is not None:
            residual = self.downsample(x)
        out += residual
        return self.relu(out)


class GlobalAvgPool2d(nn.Module):
    def forward(self, inputs):
        return F.adaptive_avg_pool2d(inputs, 1).view(inputs.size(0), -1)


class OfficialResNeSt(nn.Module):
    """resnest/torch/models/resnet.py ResNet(Bottleneck, deep_stem=True, avg_down=True, avd=True) with `channels`."""

    def __init__(self, layers, channels, radix, groups, bottleneck_width, stem_width, avd_first, num_classes):
        super().__init__()
        self.cardinality = groups
        self.bottleneck_width = bottleneck_width
        self.inplanes = stem_width * 2
        self.radix = radix
        self.avd_first = avd_first
        self.conv1 = nn.Sequential(
            nn.Conv2d(3, stem_width, kernel_size=3, stride=2, padding=1, bias=False),
            nn.BatchNorm2d(stem_width),
            nn.ReLU(inplace=True),
            nn.Conv2d(stem_width, stem_width, kernel_size=3, stride=1, padding=1, bias=False),
            nn.BatchNorm2d(stem_width),
            nn.ReLU(inplace=True),
            nn.Conv2d(stem_width, stem_width * 2, kernel_size=3, stride=1, padding=1, bias=False),
        )
        self.bn1 = nn.BatchNorm2d(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(channels[0], layers[0], is_first=False)
        self.layer2 = self._make_layer(channels[1], layers[1], stride=2)
        self.layer3 = self._make_layer(channels[2], layers[2], stride=2)
        self.layer4 = self._make_layer(channels[3], layers[3], stride=2)
        self.avgpool = GlobalAvgPool2d()
        self.fc = nn.Linear(channels[3] * 4, num_classes)

    def _make_layer(self, planes, blocks, stride=1, is_first=True):
        downsample = None
        if stride != 1 or self.inplanes != planes * 4:
            downsample = nn.Sequential(
                nn.AvgPool2d(kernel_size=stride, stride=stride, ceil_mode=True, count_include_pad=False),
                nn.Conv2d(self.inplanes, planes * 4, kernel_size=1, stride=1, bias=False),
                nn.BatchNorm2d(planes * 4),
            )
        args = dict(radix=self.radix, cardinality=self.cardinality, bottleneck_width=self.bottleneck_width, avd=True,
                    avd_first=self.avd_first)
        layers = [OfficialBottleneck(self.inplanes, planes, stride, downsample, is_first=is_first, **args)]
        self.inplanes = planes * 4
        for _ in range(1, blocks):
            layers.append(OfficialBottleneck(self.inplanes, planes, 1, None, is_first=False, **args))
        return nn.Sequential(*layers)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(torch.flatten(self.avgpool(x), 1))


# --- helpers ---------------------------------------------------------------------------------
def randomise_bn(model):
    """As the tiny fixtures: BatchNorm statistics and affine parameters random, so BN is no identity."""
    g = torch.Generator().manual_seed(99)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            n = m.num_features
            m.running_mean.copy_(torch.randn(n, generator=g) * 0.1)
            m.running_var.copy_(torch.rand(n, generator=g) * 0.5 + 0.75)
            m.weight.data.copy_(torch.rand(n, generator=g) * 0.5 + 0.75)
            m.bias.data.copy_(torch.randn(n, generator=g) * 0.1)


def write_f32(path, t):
    t.detach().to(torch.float32).contiguous().numpy().astype('<f4').tofile(path)


def read_safetensors(path):
    """Minimal safetensors reader (8-byte LE header length, JSON header, raw LE data)."""
    with open(path, 'rb') as f:
        n = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    dtypes = {'F32': np.float32, 'I64': np.int64}
    for k, v in header.items():
        if k == '__metadata__':
            continue
        b0, b1 = v['data_offsets']
        arr = np.frombuffer(data[b0:b1], dtype=dtypes[v['dtype']]).reshape(v['shape'])
        out[k] = torch.from_numpy(arr.copy())
    return out


def save_both(obj, folder, formats):
    files = {}
    if 'zip' in formats:
        torch.save(obj, os.path.join(folder, 'model.pth'))
        files['zip'] = 'model.pth'
    if 'legacy' in formats:
        torch.save(obj, os.path.join(folder, 'model_legacy.pth'), _use_new_zipfile_serialization=False)
        files['legacy'] = 'model_legacy.pth'
    return files


def attention_hooks(model):
    """Hooks every rSoftMax: its output is the attention splitlens reads (`<module path>`)."""
    captured = {}
    for name, m in model.named_modules():
        if isinstance(m, rSoftMax):
            m.register_forward_hook(lambda mod, i, o, name=name: captured.__setitem__(name, o.detach().clone()))
    return captured


def make(name, model, spec, layout, input_shape, formats, wrap=None, half=False, note=''):
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    for f in os.listdir(folder):
        os.remove(os.path.join(folder, f))
    model.eval()
    randomise_bn(model)
    if half:
        # Stored as float16: the reference is the float32 model with the float16-rounded weights.
        model.half().float()
    captured = attention_hooks(model)
    x = torch.randn(input_shape, generator=torch.Generator().manual_seed(7))
    with torch.no_grad():
        logits = model(x)
    sd = model.state_dict()
    if half:
        sd = type(sd)((k, v.half() if v.is_floating_point() else v) for k, v in sd.items())
    obj = wrap(sd) if wrap else sd
    files = save_both(obj, folder, formats)
    write_f32(os.path.join(folder, 'input.f32'), x)
    write_f32(os.path.join(folder, 'logits.f32'), logits)
    attention = {}
    for i, (path, t) in enumerate(sorted(captured.items())):
        fn = 'attn_%02d.f32' % i
        write_f32(os.path.join(folder, fn), t)
        attention[path] = {'file': fn, 'shape': list(t.shape)}
    ref = {
        'name': name,
        'layout': layout,
        'note': note,
        'checkpoint': files,
        'dtype': 'float16' if half else 'float32',
        'input': {'file': 'input.f32', 'shape': list(x.shape)},
        'logits': {'file': 'logits.f32', 'shape': list(logits.shape)},
        'attention': attention,
        'spec': spec,
        'torch_version': torch.__version__,
        'torchvision_version': torchvision.__version__,
    }
    with open(os.path.join(folder, 'ref.json'), 'w') as f:
        json.dump(ref, f, indent=1)
        f.write('\n')


def timm_from_tiny(name, tiny):
    """A timm-layout .pth: an existing tiny fixture's state dict, saved by torch.save (both formats)."""
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    for f in os.listdir(folder):
        os.remove(os.path.join(folder, f))
    src = os.path.join(ROOT, 'tiny', tiny)
    tref = json.load(open(os.path.join(src, 'ref.json')))
    sd = read_safetensors(os.path.join(src, 'model.safetensors'))
    from collections import OrderedDict
    sd = OrderedDict((k, sd[k]) for k, _, _ in tref['state_dict'])
    files = save_both(sd, folder, ('zip', 'legacy'))
    ref = {
        'name': name,
        'layout': 'timm',
        'note': 'state dict of fixtures/tiny/%s (timm %s), reference outputs from there' % (tiny, tref['timm_version']),
        'checkpoint': files,
        'dtype': 'float32',
        'input': {'file': '../../tiny/%s/input.f32' % tiny, 'shape': tref['input']['shape']},
        'logits': {'file': '../../tiny/%s/logits.f32' % tiny, 'shape': tref['logits']['shape']},
        'attention': {},
        'spec': tref['spec'],
        'torch_version': torch.__version__,
        'torchvision_version': torchvision.__version__,
    }
    with open(os.path.join(folder, 'ref.json'), 'w') as f:
        json.dump(ref, f, indent=1)
        f.write('\n')


def main():
    check_tv_layout()
    torch.manual_seed(1234)
    timm_from_tiny('timm_resnet_basic', 'tiny_resnet_basic')

    torch.manual_seed(1234)
    make('tv_resnet', TvResNet(tv.Bottleneck, [1, 1, 1, 1], [4, 8, 16, 32], 10),
         {'block': 'Bottleneck', 'layers': [1, 1, 1, 1], 'channels': [4, 8, 16, 32], 'num_classes': 10},
         'torchvision', (1, 3, 64, 64), ('zip', 'legacy'), note='torchvision Bottleneck blocks, bare state dict')

    torch.manual_seed(1234)
    labels = ['tench', 'goldfish', 'shark', 'tiger shark', 'hammerhead', 'ray', 'stingray', 'cock', 'hen', 'ostrich']
    make('official_resnest', OfficialResNeSt([1, 1, 1, 1], [4, 8, 16, 32], radix=2, groups=2, bottleneck_width=64,
                                             stem_width=8, avd_first=False, num_classes=10),
         {'block': 'ResNestBottleneck', 'stem_type': 'deep', 'stem_width': 8, 'avg_down': True, 'cardinality': 2,
          'base_width': 64, 'block_args': {'radix': 2, 'avd': True, 'avd_first': False}, 'layers': [1, 1, 1, 1],
          'channels': [4, 8, 16, 32], 'num_classes': 10},
         'official-resnest', (1, 3, 64, 64), ('zip', 'legacy'),
         wrap=lambda sd: {'epoch': 3, 'arch': 'resnest_tiny', 'state_dict': sd, 'labels': labels},
         note='official ResNeSt module tree, radix 2, cardinality 2; checkpoint dict with state_dict and labels')

    torch.manual_seed(1234)
    make('tv_resnext_depthwise', TvResNet(tv.Bottleneck, [1, 1, 1, 1], [16, 16, 16, 16], 10, groups=16,
                                          width_per_group=4),
         {'block': 'Bottleneck', 'layers': [1, 1, 1, 1], 'channels': [16, 16, 16, 16], 'cardinality': 16,
          'base_width': 4, 'num_classes': 10},
         'torchvision', (1, 3, 64, 64), ('zip',),
         note='ResNeXt whose grouped 3x3 has one channel per group (groups = channels = 16)')

    torch.manual_seed(1234)
    make('tv_wide_resnet', TvResNet(tv.Bottleneck, [1, 1, 1, 1], [4, 8, 16, 32], 10, width_per_group=128),
         {'block': 'Bottleneck', 'layers': [1, 1, 1, 1], 'channels': [4, 8, 16, 32], 'base_width': 128,
          'num_classes': 10},
         'torchvision', (1, 3, 64, 64), ('zip',),
         note='torchvision wide_resnet layout: width_per_group 128 (the 3x3 twice as wide as a ResNet-50\'s)')

    torch.manual_seed(1234)
    make('official_resnest_96x80', OfficialResNeSt([1, 1, 1, 1], [4, 8, 16, 32], radix=2, groups=1,
                                                   bottleneck_width=64, stem_width=8, avd_first=False, num_classes=10),
         {'block': 'ResNestBottleneck', 'stem_type': 'deep', 'stem_width': 8, 'avg_down': True, 'cardinality': 1,
          'base_width': 64, 'block_args': {'radix': 2, 'avd': True, 'avd_first': False}, 'layers': [1, 1, 1, 1],
          'channels': [4, 8, 16, 32], 'num_classes': 10, 'input_size': [3, 96, 80]},
         'official-resnest', (1, 3, 96, 80), ('zip',), half=True,
         note='non-square input 96x80, weights stored as float16 (reference uses the same rounded weights)')

    total = 0
    for d, _, fs in os.walk(OUT):
        for f in fs:
            total += os.path.getsize(os.path.join(d, f))
    print('fixtures/checkpoints: %d bytes' % total)


if __name__ == '__main__':
    sys.exit(main())
