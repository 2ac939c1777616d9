#!/bin/sh
# Regenerates the small demo videos for the oral histories (needs ffmpeg and the
# WenQuanYi font). The demo loader only copies the committed files; it never runs this.
set -eu
cd "$(dirname "$0")"
FONT=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
DURATION=90
make_video() {
    name=$1 colour=$2 title=$3
    ffmpeg -hide_banner -loglevel error -y \
        -f lavfi -i "color=c=${colour}:size=320x180:rate=10:duration=${DURATION}" \
        -f lavfi -i "anullsrc=r=16000:cl=mono" -t "${DURATION}" \
        -vf "drawtext=fontfile=${FONT}:text='${title}':fontcolor=white:fontsize=20:x=(w-text_w)/2:y=44,drawtext=fontfile=${FONT}:text='口述历史（演示视频）':fontcolor=0xdddddd:fontsize=14:x=(w-text_w)/2:y=76,drawtext=fontfile=${FONT}:text='%{eif\:t\:d} 秒':fontcolor=0xf5c846:fontsize=26:x=(w-text_w)/2:y=110" \
        -c:v libx264 -preset veryslow -crf 32 -pix_fmt yuv420p -g 30 \
        -c:a aac -b:a 8k -ac 1 -movflags +faststart "${name}.mp4"
}
make_video oral-history-1 0x5a2a27 '长津湖的冬天'
make_video oral-history-2 0x2f4f3a '上甘岭的坑道'
make_video oral-history-3 0x34415e '老山前线的猫耳洞'
make_video oral-history-4 0x4b3b1e '边境线上的哨所'
make_video oral-history-5 0x1f4d57 '九八年抗洪大堤'
make_video oral-history-6 0x4a2c4f '海岛守礁的岁月'
