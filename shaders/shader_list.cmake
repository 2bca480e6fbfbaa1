# Every shader variant the engine embeds. Type-generic ops get one variant per tensor type
# (HEARTH_QUANT_TYPES) through -D defines; CPU-shaped variants carry a _cpu suffix.

# --- elementwise and normalization ---
hearth_shader(rms_norm rms_norm.comp)
hearth_shader(rope rope.comp)
hearth_shader(swiglu swiglu.comp)
hearth_shader(softmax softmax.comp)
hearth_shader(add add.comp)

# --- attention, KV cache, sampling ---
hearth_shader(kv_write_f16 kv_write.comp DEFINES KV_F16)
hearth_shader(kv_write_q8_0 kv_write.comp DEFINES KV_Q8_0)
hearth_shader(attention_f16 attention.comp DEFINES KV_F16)
hearth_shader(attention_q8_0 attention.comp DEFINES KV_Q8_0)
hearth_shader(attention_cpu_f16 attention.comp DEFINES KV_F16 ATTENTION_CPU)
hearth_shader(attention_cpu_q8_0 attention.comp DEFINES KV_Q8_0 ATTENTION_CPU)
hearth_shader(attention_combine attention_combine.comp)
# Decode replays one recording at every position: these read the position from a buffer.
hearth_shader(kv_write_f16_pos kv_write.comp DEFINES KV_F16 POSITION_BUFFER)
hearth_shader(kv_write_q8_0_pos kv_write.comp DEFINES KV_Q8_0 POSITION_BUFFER)
hearth_shader(attention_f16_pos attention.comp DEFINES KV_F16 POSITION_BUFFER)
hearth_shader(attention_q8_0_pos attention.comp DEFINES KV_Q8_0 POSITION_BUFFER)
hearth_shader(attention_cpu_f16_pos attention.comp DEFINES KV_F16 ATTENTION_CPU POSITION_BUFFER)
hearth_shader(attention_cpu_q8_0_pos attention.comp DEFINES KV_Q8_0 ATTENTION_CPU POSITION_BUFFER)
hearth_shader(argmax argmax.comp)
hearth_shader(top_k top_k.comp)

# --- benchmarks ---
hearth_shader(read_bandwidth read_bandwidth.comp)
hearth_shader(read_bandwidth_cpu read_bandwidth.comp DEFINES READ_CPU)

# --- quantized weights: dequantize, get_rows, matrix-vector, matrix-matrix ---
foreach(type IN LISTS HEARTH_QUANT_TYPES)
    string(TOUPPER "${type}" TYPE)
    hearth_shader(dequantize_${type} dequantize.comp DEFINES TYPE_${TYPE})
    hearth_shader(get_rows_${type} get_rows.comp DEFINES TYPE_${TYPE})
    hearth_shader(matvec_${type} matvec.comp DEFINES TYPE_${TYPE})
    hearth_shader(matvec_cpu_${type} matvec.comp DEFINES TYPE_${TYPE} MATVEC_CPU)
    hearth_shader(matmul_${type} matmul.comp DEFINES TYPE_${TYPE})
    # CPU matmul register tiles (TM x TN), matching ops/matmul.cpp: 8 x 8, and 16 x 4 for Q3_K
    # whose parts are costly to read, to reuse each for more activation rows.
    if(NOT type MATCHES "^(q3_k)$")
        set(tile TM=8u TN=8u)
    else()
        set(tile TM=16u TN=4u)
    endif()
    hearth_shader(matmul_cpu_${type} matmul.comp DEFINES TYPE_${TYPE} MATMUL_CPU ${tile})
endforeach()
