#!/usr/bin/env bash
# LJSpeech unit vocoder: discrete units of WavLM Large layer 21 (as the LibriSpeech ASR recipe), a HiFi-GAN
# V1 unit vocoder (20 ms units, 16 kHz) trained on the hard ids of tr_no_dev, and synthesis of eval1
# (references: LJ's recordings -> MCD, log-F0 RMSE) and of out-of-domain speech converted into the LJ
# voice (LibriSpeech test_clean, L2-ARCTIC; no references) with hard and soft assignment; WER/CER of all
# of it by the LibriSpeech recipe's continuous-feature ASR model, when trained. Set LJSPEECH in db.sh.
#     ./run.sh [--feats wavlm_large_l21|mfcc] [--num_clusters 1024] [--librispeech ../../librispeech/asr1]
#              [--ood_dirs dir1,dir2] [--dev_utts 250] [--eval_utts 250] [tts.sh options...]
# e.g. ./run.sh --km_dir ../../librispeech/asr1/exp/kmeans_wavlm_large_l21_k1024 (the LibriSpeech
# centroids, so that the vocoder speaks the ASR recipes' units; default: k-means on LJSpeech), or
# ./run.sh --stage 6 --device cuda. Outputs: exp/results_vocoder_<feats>_k<K>/results.{tsv,md},
# exp/vocoder_<feats>_k<K>/samples/. Out-of-domain dirs are linked by stage 1: after adding one,
# rerun from stage 1 without data/.done.
set -euo pipefail

feats=wavlm_large_l21               # conf/feats/<feats>.yaml
num_clusters=1024                   # K
librispeech=../../librispeech/asr1  # the ASR recipe whose continuous model measures intelligibility
ood_dirs=../../librispeech/asr1/data/test_clean,../../l2arctic/asr1/data/l2arctic  # those present are converted
dev_utts=250                        # clips held out as dev (LJSpeech's usual split: 250 + 250)
eval_utts=250                       # clips held out as eval1
tts_opts=()
while (($#)); do
  case $1 in
    --feats | --num_clusters | --librispeech | --ood_dirs | --dev_utts | --eval_utts)
      printf -v "${1#--}" '%s' "${2:?$1 needs a value}"
      shift 2
      ;;
    *)
      tts_opts+=("$1")
      shift
      ;;
  esac
done

# The vocoder upsamples one unit frame to its frame shift: 20 ms (SSL layers) or 10 ms (MFCC) at 16 kHz.
case ${feats} in
  mfcc) vocoder_config=conf/hifigan_hop160.yaml ;;
  *) vocoder_config=conf/hifigan_hop320.yaml ;;
esac

present=() test_sets=eval1
IFS=, read -ra candidates <<<"${ood_dirs}"
for dir in "${candidates[@]}"; do
  if [[ -f ${dir}/wav.scp ]]; then
    present+=("${dir}")
    test_sets+=" $(basename "${dir}")"
  else
    echo "$0: no data dir ${dir} (run that recipe's stage 1 first): not converting it" >&2
  fi
done
ood_present=$(
  IFS=,
  echo "${present[*]}"
)

./tts.sh \
  --local_data_opts "--dev_utts ${dev_utts} --eval_utts ${eval_utts}${ood_present:+ --ood_dirs ${ood_present}}" \
  --train_set tr_no_dev --test_sets "${test_sets}" \
  --feats_conf "conf/feats/${feats}.yaml" --num_clusters "${num_clusters}" --km_portion 0.2 \
  --vocoder_config "${vocoder_config}" --ngpu 1 \
  --taus "2 4 8 16 32" \
  --asr_exp "${librispeech}/exp/asr_${feats}_continuous" \
  --asr_inference_args "--beam_size 20 --ctc_weight 0.3" \
  --nj 32 --decode_nj 32 \
  "${tts_opts[@]}"
