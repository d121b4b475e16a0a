// RUN: gnn-opt %s -split-input-file -verify-diagnostics -allow-unregistered-dialect

// expected-error @+1 {{needs the 'low' attribute}}
gnn.parameter @p : tensor<2xf32> init uniform {high = 1.0 : f64}

// -----

// expected-error @+1 {{uniform initialiser needs low < high}}
gnn.parameter @p : tensor<2xf32> init uniform {low = 1.0 : f64, high = 1.0 : f64}

// -----

// expected-error @+1 {{normal initialiser needs std >= 0}}
gnn.parameter @p : tensor<2xf32> init normal {mean = 0.0 : f64, std = -1.0 : f64}

// -----

// expected-error @+1 {{needs the 'value' attribute}}
gnn.parameter @p : tensor<2xf32> init constant

// -----

// expected-error @+1 {{initial_value type 'tensor<3xf32>' does not match the parameter type 'tensor<2xf32>'}}
gnn.parameter @p : tensor<2xf32> init value {initial_value = dense<1.0> : tensor<3xf32>}

// -----

// expected-error @+1 {{random initialisers need a float element type}}
gnn.parameter @p : tensor<2x2xi64> init glorot_uniform

// -----

// expected-error @+1 {{parameter type must have a static shape}}
gnn.parameter @p : tensor<?xf32> init zeros

// -----

// expected-error @+1 {{'kaiming_uniform' needs a non-empty tensor of rank >= 2}}
gnn.parameter @p : tensor<16xf32> init kaiming_uniform

// -----

// expected-error @+1 {{'glorot_uniform' needs a non-empty tensor of rank >= 2}}
gnn.parameter @p : tensor<4xf32> init glorot_uniform

// -----

func.func @parameter_outside_module() {
  // expected-error @+1 {{expects parent op 'builtin.module'}}
  "gnn.parameter"() {sym_name = "p", type = tensor<2xf32>, init = 0 : i32} : () -> ()
  return
}

// -----

func.func @missing_parameter() -> tensor<2xf32> {
  // expected-error @+1 {{'nope' does not name a gnn.parameter in scope}}
  %w = gnn.get_parameter @nope : tensor<2xf32>
  return %w : tensor<2xf32>
}

// -----

gnn.parameter @w : tensor<2xf32> init zeros
func.func @parameter_type_mismatch() -> tensor<3xf32> {
  // expected-error @+1 {{does not match parameter 'w' of type 'tensor<2xf32>'}}
  %w = gnn.get_parameter @w : tensor<3xf32>
  return %w : tensor<3xf32>
}

// -----

func.func @constant_type(%x: tensor<2xf32>) {
  // expected-error @+1 {{failed to verify that all of {value, result} have same type}}
  %c = "gnn.constant"() {value = dense<1.0> : tensor<2xf32>} : () -> tensor<3xf32>
  return
}

// -----

func.func @gather_rows(%x: tensor<5x3xf32>, %i: tensor<8xi64>) {
  // expected-error @+1 {{result has 7 rows but there are 8 indices}}
  %0 = gnn.gather %x[%i] : (tensor<5x3xf32>, tensor<8xi64>) -> tensor<7x3xf32>
  return
}

// -----

func.func @gather_row_shape(%x: tensor<5x3xf32>, %i: tensor<8xi64>) {
  // expected-error @+1 {{result row shape must equal the source row shape}}
  %0 = gnn.gather %x[%i] : (tensor<5x3xf32>, tensor<8xi64>) -> tensor<8x4xf32>
  return
}

// -----

func.func @gather_rank(%x: tensor<5x3xf32>, %i: tensor<8xi64>) {
  // expected-error @+1 {{result rank 1 differs from source rank 2}}
  %0 = gnn.gather %x[%i] : (tensor<5x3xf32>, tensor<8xi64>) -> tensor<8xf32>
  return
}

// -----

func.func @gather_scalar_source(%x: tensor<f32>, %i: tensor<8xi64>) {
  // expected-error @+1 {{source must have rank >= 1}}
  %0 = gnn.gather %x[%i] : (tensor<f32>, tensor<8xi64>) -> tensor<8xf32>
  return
}

// -----

func.func @gather_element_type(%x: tensor<5x3xf32>, %i: tensor<8xi64>) {
  // expected-error @+1 {{result element type must equal the source's}}
  %0 = gnn.gather %x[%i] : (tensor<5x3xf32>, tensor<8xi64>) -> tensor<8x3xf16>
  return
}

// -----

func.func @gather_float_index(%x: tensor<5x3xf32>, %i: tensor<8xf32>) {
  // expected-error @+1 {{operand #1 must be 1D tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = gnn.gather %x[%i] : (tensor<5x3xf32>, tensor<8xf32>) -> tensor<8x3xf32>
  return
}

// -----

func.func @scatter_index_length(%m: tensor<8x3xf32>, %i: tensor<6xi64>) {
  // expected-error @+1 {{index has 6 entries but the source has 8 rows}}
  %0 = gnn.scatter sum %m, %i : (tensor<8x3xf32>, tensor<6xi64>) -> tensor<5x3xf32>
  return
}

// -----

func.func @scatter_row_shape(%m: tensor<8x3xf32>, %i: tensor<8xi64>) {
  // expected-error @+1 {{result row shape must equal the source row shape}}
  %0 = gnn.scatter mean %m, %i : (tensor<8x3xf32>, tensor<8xi64>) -> tensor<5x2xf32>
  return
}

// -----

func.func @scatter_rank(%m: tensor<8x3xf32>, %i: tensor<8xi64>) {
  // expected-error @+1 {{result rank 1 differs from source rank 2}}
  %0 = gnn.scatter max %m, %i : (tensor<8x3xf32>, tensor<8xi64>) -> tensor<5xf32>
  return
}

// -----

func.func @scatter_element_type(%m: tensor<8x3xf32>, %i: tensor<8xi64>) {
  // expected-error @+1 {{result element type must equal the source's}}
  %0 = gnn.scatter max %m, %i : (tensor<8x3xf32>, tensor<8xi64>) -> tensor<5x3xf16>
  return
}

// -----

func.func @scatter_scalar(%m: tensor<f32>, %i: tensor<8xi64>) {
  // expected-error @+1 {{source must have rank >= 1}}
  %0 = gnn.scatter max %m, %i : (tensor<f32>, tensor<8xi64>) -> tensor<f32>
  return
}

// -----

func.func @scatter_unknown_reduce(%m: tensor<8x3xf32>, %i: tensor<8xi64>) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'reduce' [sum, mean, max, min]}}
  %0 = gnn.scatter prod %m, %i : (tensor<8x3xf32>, tensor<8xi64>) -> tensor<5x3xf32>
  return
}

// -----

func.func @degree_weights(%i: tensor<8xi64>, %w: tensor<7xf32>) {
  // expected-error @+1 {{weights have 7 entries but there are 8 indices}}
  %0 = gnn.degree %i weights %w : (tensor<8xi64>, tensor<7xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @degree_weight_type(%i: tensor<8xi64>, %w: tensor<8xf16>) {
  // expected-error @+1 {{weights and result must share an element type}}
  %0 = gnn.degree %i weights %w : (tensor<8xi64>, tensor<8xf16>) -> tensor<5xf32>
  return
}

// -----

func.func @segment_softmax_type(%s: tensor<8x2xf32>, %i: tensor<8xi64>) {
  // expected-error @+1 {{result type must equal the source type}}
  %0 = gnn.segment_softmax %s, %i segments 5 : (tensor<8x2xf32>, tensor<8xi64>) -> tensor<8x3xf32>
  return
}

// -----

func.func @segment_softmax_index(%s: tensor<8x2xf32>, %i: tensor<7xi64>) {
  // expected-error @+1 {{index has 7 entries but the source has 8 rows}}
  %0 = gnn.segment_softmax %s, %i segments 5 : (tensor<8x2xf32>, tensor<7xi64>) -> tensor<8x2xf32>
  return
}

// -----

func.func @segment_softmax_segments(%s: tensor<8x2xf32>, %i: tensor<8xi64>) {
  // expected-error @+1 {{num_segments must be positive}}
  %0 = gnn.segment_softmax %s, %i segments 0 : (tensor<8x2xf32>, tensor<8xi64>) -> tensor<8x2xf32>
  return
}

// -----

func.func @segment_softmax_rank(%s: tensor<f32>, %i: tensor<8xi64>) {
  // expected-error @+1 {{source must have rank >= 1}}
  %0 = gnn.segment_softmax %s, %i segments 2 : (tensor<f32>, tensor<8xi64>) -> tensor<f32>
  return
}

// -----

func.func @mp_edge_count(%x: tensor<5x3xf32>, %src: tensor<8xi64>, %dst: tensor<7xi64>) {
  // expected-error @+1 {{src_index has 8 entries but dst_index has 7}}
  %0 = gnn.message_passing sum edges(%src, %dst : tensor<8xi64>, tensor<7xi64>) sources(%x : tensor<5x3xf32>) -> tensor<5x3xf32> {
  ^bb0(%xj: tensor<8x3xf32>):
    gnn.yield %xj : tensor<8x3xf32>
  }
  return
}

// -----

func.func @mp_target_rows(%x: tensor<5x3xf32>, %h: tensor<4x3xf32>, %src: tensor<8xi64>, %dst: tensor<8xi64>) {
  // expected-error @+1 {{target #0 has 4 rows but the result has 5 destination nodes}}
  %0 = gnn.message_passing sum edges(%src, %dst : tensor<8xi64>, tensor<8xi64>) targets(%h : tensor<4x3xf32>) -> tensor<5x3xf32> {
  ^bb0(%xi: tensor<8x3xf32>):
    gnn.yield %xi : tensor<8x3xf32>
  }
  return
}

// -----

func.func @mp_edge_data_rows(%w: tensor<7x3xf32>, %src: tensor<8xi64>, %dst: tensor<8xi64>) {
  // expected-error @+1 {{edge_data #0 has 7 rows but there are 8 edges}}
  %0 = gnn.message_passing sum edges(%src, %dst : tensor<8xi64>, tensor<8xi64>) edge_data(%w : tensor<7x3xf32>) -> tensor<5x3xf32> {
  ^bb0(%we: tensor<7x3xf32>):
    gnn.yield %we : tensor<7x3xf32>
  }
  return
}

// -----

func.func @mp_scalar_input(%s: tensor<f32>, %src: tensor<8xi64>, %dst: tensor<8xi64>) {
  // expected-error @+1 {{every input must have rank >= 1}}
  %0 = gnn.message_passing sum edges(%src, %dst : tensor<8xi64>, tensor<8xi64>) edge_data(%s : tensor<f32>) -> tensor<5x3xf32> {
  ^bb0(%se: tensor<f32>):
    %z = gnn.constant dense<0.0> : tensor<8x3xf32>
    gnn.yield %z : tensor<8x3xf32>
  }
  return
}

// -----

func.func @mp_arg_count(%x: tensor<5x3xf32>, %src: tensor<8xi64>, %dst: tensor<8xi64>) {
  // expected-error @+1 {{body must take 1 arguments (one per source, target and edge_data input), got 2}}
  %0 = gnn.message_passing sum edges(%src, %dst : tensor<8xi64>, tensor<8xi64>) sources(%x : tensor<5x3xf32>) -> tensor<5x3xf32> {
  ^bb0(%xj: tensor<8x3xf32>, %extra: tensor<8x3xf32>):
    gnn.yield %xj : tensor<8x3xf32>
  }
  return
}

// -----

func.func @mp_arg_type(%x: tensor<5x3xf32>, %src: tensor<8xi64>, %dst: tensor<8xi64>) {
  // expected-error @+1 {{body argument #0 has type 'tensor<5x3xf32>' but its input implies 'tensor<8x3xf32>'}}
  %0 = gnn.message_passing sum edges(%src, %dst : tensor<8xi64>, tensor<8xi64>) sources(%x : tensor<5x3xf32>) -> tensor<5x3xf32> {
  ^bb0(%xj: tensor<5x3xf32>):
    %z = gnn.constant dense<0.0> : tensor<8x3xf32>
    gnn.yield %z : tensor<8x3xf32>
  }
  return
}

// -----

func.func @mp_message_type(%x: tensor<5x3xf32>, %src: tensor<8xi64>, %dst: tensor<8xi64>) {
  // expected-error @+1 {{yielded message type 'tensor<8x2xf32>' must have one row per edge (8) and the row shape and element type of the result 'tensor<5x3xf32>'}}
  %0 = gnn.message_passing sum edges(%src, %dst : tensor<8xi64>, tensor<8xi64>) sources(%x : tensor<5x3xf32>) -> tensor<5x3xf32> {
  ^bb0(%xj: tensor<8x3xf32>):
    %s = gnn.slice %xj axis 1 offset 0 : tensor<8x3xf32> -> tensor<8x2xf32>
    gnn.yield %s : tensor<8x2xf32>
  }
  return
}

// -----

func.func @yield_outside(%x: tensor<5x3xf32>) {
  // expected-error @+1 {{expects parent op 'gnn.message_passing'}}
  gnn.yield %x : tensor<5x3xf32>
}

// -----

func.func @linear_in(%x: tensor<5x3xf32>, %w: tensor<4x2xf32>) {
  // expected-error @+1 {{input feature size 3 does not match weight [out, in] = [4, 2]}}
  %0 = gnn.linear %x, %w : (tensor<5x3xf32>, tensor<4x2xf32>) -> tensor<5x4xf32>
  return
}

// -----

func.func @linear_weight_rank(%x: tensor<5x3xf32>, %w: tensor<3xf32>) {
  // expected-error @+1 {{weight must be [out, in], got rank 1}}
  %0 = gnn.linear %x, %w : (tensor<5x3xf32>, tensor<3xf32>) -> tensor<5x4xf32>
  return
}

// -----

func.func @linear_bias(%x: tensor<5x3xf32>, %w: tensor<4x3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{bias must be [4]}}
  %0 = gnn.linear %x, %w, %b : (tensor<5x3xf32>, tensor<4x3xf32>, tensor<3xf32>) -> tensor<5x4xf32>
  return
}

// -----

func.func @linear_result(%x: tensor<5x3xf32>, %w: tensor<4x3xf32>) {
  // expected-error @+1 {{result must be [..., out] = 'tensor<5x4xf32>'}}
  %0 = gnn.linear %x, %w : (tensor<5x3xf32>, tensor<4x3xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @linear_scalar(%x: tensor<f32>, %w: tensor<4x3xf32>) {
  // expected-error @+1 {{input must have rank >= 1}}
  %0 = gnn.linear %x, %w : (tensor<f32>, tensor<4x3xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @linear_types(%x: tensor<5x3xf16>, %w: tensor<4x3xf32>) {
  // expected-error @+1 {{operands and result must share an element type}}
  %0 = gnn.linear %x, %w : (tensor<5x3xf16>, tensor<4x3xf32>) -> tensor<5x4xf32>
  return
}

// -----

func.func @matmul_inner(%a: tensor<5x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error @+1 {{inner dimensions differ: 3 vs 2}}
  %0 = gnn.matmul %a, %b : (tensor<5x3xf32>, tensor<2x4xf32>) -> tensor<5x4xf32>
  return
}

// -----

func.func @matmul_rank(%a: tensor<5xf32>, %b: tensor<5x4xf32>) {
  // expected-error @+1 {{operands must be matrices}}
  %0 = gnn.matmul %a, %b : (tensor<5xf32>, tensor<5x4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @matmul_result(%a: tensor<5x3xf32>, %b: tensor<3x4xf32>) {
  // expected-error @+1 {{result must be [5, 4]}}
  %0 = gnn.matmul %a, %b : (tensor<5x3xf32>, tensor<3x4xf32>) -> tensor<4x5xf32>
  return
}

// -----

func.func @matmul_types(%a: tensor<5x3xf32>, %b: tensor<3x4xf16>) {
  // expected-error @+1 {{operands and result must share an element type}}
  %0 = gnn.matmul %a, %b : (tensor<5x3xf32>, tensor<3x4xf16>) -> tensor<5x4xf32>
  return
}

// -----

func.func @binary_broadcast(%a: tensor<5x3xf32>, %b: tensor<5x2xf32>) {
  // expected-error @+1 {{operand shapes are not broadcast-compatible}}
  %0 = gnn.add %a, %b : (tensor<5x3xf32>, tensor<5x2xf32>) -> tensor<5x3xf32>
  return
}

// -----

func.func @binary_result(%a: tensor<5x3xf32>, %b: tensor<5x1xf32>) {
  // expected-error @+1 {{result shape must be the broadcast shape of the operands, [5, 3]}}
  %0 = gnn.mul %a, %b : (tensor<5x3xf32>, tensor<5x1xf32>) -> tensor<5x1xf32>
  return
}

// -----

func.func @binary_types(%a: tensor<5x3xf32>, %b: tensor<5x3xf16>) {
  // expected-error @+1 {{requires the same element type for all operands and results}}
  %0 = gnn.sub %a, %b : (tensor<5x3xf32>, tensor<5x3xf16>) -> tensor<5x3xf32>
  return
}

// -----

func.func @binary_integer(%a: tensor<5xi64>, %b: tensor<5xi64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of floating-point values}}
  %0 = gnn.div %a, %b : (tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  return
}

// -----

func.func @unary_type(%a: tensor<5x3xf32>) {
  // expected-error @+1 {{requires the same type for all operands and results}}
  %0 = "gnn.relu"(%a) : (tensor<5x3xf32>) -> tensor<5x2xf32>
  return
}

// -----

func.func @pow_exponent(%a: tensor<5xf32>) {
  // expected-error @+1 {{requires attribute 'exponent'}}
  %0 = gnn.pow %a : tensor<5xf32>
  return
}

// -----

func.func @dropout_p(%a: tensor<5xf32>) {
  // expected-error @+1 {{dropout probability p must be in [0, 1), got 1}}
  %0 = gnn.dropout %a {p = 1.0 : f64} : (tensor<5xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @dropout_result(%a: tensor<5xf32>) {
  // expected-error @+1 {{result type must equal the input type}}
  %0 = gnn.dropout %a {p = 0.5 : f64} : (tensor<5xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @dropout_positions(%a: tensor<5x1xf32>, %pos: tensor<5xi64>) {
  // expected-error @+1 {{positions 'tensor<5xi64>' must have the shape of the input 'tensor<5x1xf32>'}}
  %0 = gnn.dropout %a positions %pos {p = 0.5 : f64} : (tensor<5x1xf32>, tensor<5xi64>) -> tensor<5x1xf32>
  return
}

// -----

func.func @dropout_negative_position(%a: tensor<2xf32>) {
  %pos = gnn.constant dense<[3, -1]> : tensor<2xi64>
  // expected-error @+1 {{position -1 is negative; positions are flat element indices}}
  %0 = gnn.dropout %a positions %pos {p = 0.5 : f64} : (tensor<2xf32>, tensor<2xi64>) -> tensor<2xf32>
  return
}

// -----

func.func @softmax_axis(%a: tensor<5x3xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = gnn.softmax %a axis 2 : tensor<5x3xf32>
  return
}

// -----

func.func @log_softmax_axis(%a: tensor<5x3xf32>) {
  // expected-error @+1 {{axis -3 is out of range for rank 2}}
  %0 = gnn.log_softmax %a axis -3 : tensor<5x3xf32>
  return
}

// -----

func.func @batch_norm_rank(%x: tensor<5xf32>, %c: tensor<5xf32>) {
  // expected-error @+1 {{input must be [N, C], got rank 1}}
  %0:3 = gnn.batch_norm %x, %c, %c, %c, %c : (tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) -> (tensor<5xf32>, tensor<5xf32>, tensor<5xf32>)
  return
}

// -----

func.func @batch_norm_channels(%x: tensor<5x4xf32>, %c: tensor<3xf32>) {
  // expected-error @+1 {{weight, bias and running statistics must be [4] of 'f32'}}
  %0:3 = gnn.batch_norm %x, %c, %c, %c, %c : (tensor<5x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> (tensor<5x4xf32>, tensor<3xf32>, tensor<3xf32>)
  return
}

// -----

func.func @batch_norm_result(%x: tensor<5x4xf32>, %c: tensor<4xf32>) {
  // expected-error @+1 {{result type must equal the input type}}
  %0:3 = gnn.batch_norm %x, %c, %c, %c, %c : (tensor<5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @batch_norm_stats(%x: tensor<5x4xf32>, %c: tensor<4xf32>) {
  // expected-error @+1 {{updated statistics must have the running statistics' types}}
  %0:3 = gnn.batch_norm %x, %c, %c, %c, %c : (tensor<5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x4xf32>, tensor<5xf32>, tensor<4xf32>)
  return
}

// -----

func.func @batch_norm_eps(%x: tensor<5x4xf32>, %c: tensor<4xf32>) {
  // expected-error @+1 {{eps must be positive}}
  %0:3 = gnn.batch_norm %x, %c, %c, %c, %c {eps = 0.0 : f64} : (tensor<5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x4xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @batch_norm_momentum(%x: tensor<5x4xf32>, %c: tensor<4xf32>) {
  // expected-error @+1 {{momentum must be in [0, 1]}}
  %0:3 = gnn.batch_norm %x, %c, %c, %c, %c {momentum = 1.5 : f64} : (tensor<5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> (tensor<5x4xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @concat_empty() {
  // expected-error @+1 {{needs at least one input}}
  %0 = "gnn.concat"() {axis = 0 : i64} : () -> tensor<1xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<5x3xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = gnn.concat %a, %a axis 2 : (tensor<5x3xf32>, tensor<5x3xf32>) -> tensor<5x6xf32>
  return
}

// -----

func.func @concat_other_dim(%a: tensor<5x3xf32>, %b: tensor<4x3xf32>) {
  // expected-error @+1 {{inputs differ in dimension 0, which is not the concatenation axis}}
  %0 = gnn.concat %a, %b axis 1 : (tensor<5x3xf32>, tensor<4x3xf32>) -> tensor<5x6xf32>
  return
}

// -----

func.func @concat_rank(%a: tensor<5x3xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{inputs must share rank and element type}}
  %0 = gnn.concat %a, %b axis 0 : (tensor<5x3xf32>, tensor<5xf32>) -> tensor<10x3xf32>
  return
}

// -----

func.func @concat_result(%a: tensor<5x3xf32>, %b: tensor<5x2xf32>) {
  // expected-error @+1 {{result must be 'tensor<5x5xf32>'}}
  %0 = gnn.concat %a, %b axis 1 : (tensor<5x3xf32>, tensor<5x2xf32>) -> tensor<5x6xf32>
  return
}

// -----

func.func @slice_bounds(%a: tensor<5x3xf32>) {
  // expected-error @+1 {{slice [2, 4) exceeds the input extent 3}}
  %0 = gnn.slice %a axis 1 offset 2 : tensor<5x3xf32> -> tensor<5x2xf32>
  return
}

// -----

func.func @slice_axis(%a: tensor<5x3xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = gnn.slice %a axis 2 offset 0 : tensor<5x3xf32> -> tensor<5x3xf32>
  return
}

// -----

func.func @slice_other_dim(%a: tensor<5x3xf32>) {
  // expected-error @+1 {{result differs from the input in dimension 0, which is not the sliced axis}}
  %0 = gnn.slice %a axis 1 offset 0 : tensor<5x3xf32> -> tensor<4x2xf32>
  return
}

// -----

func.func @slice_offset(%a: tensor<5x3xf32>) {
  // expected-error @+1 {{offset must be non-negative}}
  %0 = gnn.slice %a axis 1 offset -1 : tensor<5x3xf32> -> tensor<5x2xf32>
  return
}

// -----

func.func @slice_rank(%a: tensor<5x3xf32>) {
  // expected-error @+1 {{result must have the input's rank and element type}}
  %0 = gnn.slice %a axis 1 offset 0 : tensor<5x3xf32> -> tensor<5xf32>
  return
}

// -----

func.func @where_types(%c: tensor<5xi1>, %a: tensor<5xi64>, %b: tensor<i32>) {
  // expected-error @+1 {{both values and the result must share an element type}}
  %0 = gnn.where %c, %a, %b : (tensor<5xi1>, tensor<5xi64>, tensor<i32>) -> tensor<5xi64>
  return
}

// -----

func.func @where_shape(%c: tensor<4xi1>, %a: tensor<5xi64>, %b: tensor<i64>) {
  // expected-error @+1 {{operand shapes are not broadcast-compatible}}
  %0 = gnn.where %c, %a, %b : (tensor<4xi1>, tensor<5xi64>, tensor<i64>) -> tensor<5xi64>
  return
}

// -----

func.func @where_condition(%c: tensor<5xi64>, %a: tensor<5xi64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = gnn.where %c, %a, %a : (tensor<5xi64>, tensor<5xi64>, tensor<5xi64>) -> tensor<5xi64>
  return
}

// -----

func.func @cast_shape(%a: tensor<5xi1>) {
  // expected-error @+1 {{requires the same shape for all operands and results}}
  %0 = gnn.cast %a : tensor<5xi1> to tensor<4xf32>
  return
}

// -----

func.func @reduce_dim(%a: tensor<5x3xf32>) {
  // expected-error @+1 {{dimension 2 is out of range for rank 2}}
  %0 = gnn.reduce sum %a dims [2] : tensor<5x3xf32> -> tensor<5xf32>
  return
}

// -----

func.func @reduce_twice(%a: tensor<5x3xf32>) {
  // expected-error @+1 {{dimension -2 is listed twice}}
  %0 = gnn.reduce sum %a dims [0, -2] : tensor<5x3xf32> -> tensor<3xf32>
  return
}

// -----

func.func @reduce_result(%a: tensor<5x3xf32>) {
  // expected-error @+1 {{result must be 'tensor<3xf32>'}}
  %0 = gnn.reduce mean %a dims [0] : tensor<5x3xf32> -> tensor<5xf32>
  return
}

// -----

func.func @pool_batch(%h: tensor<6x3xf32>, %b: tensor<5xi64>) {
  // expected-error @+1 {{batch has 5 entries but the source has 6 rows}}
  %0 = gnn.global_pool mean %h, %b : (tensor<6x3xf32>, tensor<5xi64>) -> tensor<2x3xf32>
  return
}

// -----

func.func @ce_rank(%h: tensor<6xf32>, %y: tensor<6xi64>) {
  // expected-error @+1 {{input must be [N, C] scores, got rank 1}}
  %0 = gnn.cross_entropy mean %h, %y : (tensor<6xf32>, tensor<6xi64>) -> tensor<f32>
  return
}

// -----

func.func @ce_labels(%h: tensor<6x3xf32>, %y: tensor<5xi64>) {
  // expected-error @+1 {{there are 5 labels for 6 rows}}
  %0 = gnn.cross_entropy mean %h, %y : (tensor<6x3xf32>, tensor<5xi64>) -> tensor<f32>
  return
}

// -----

func.func @nll_mask(%h: tensor<6x3xf32>, %y: tensor<6xi64>, %m: tensor<4xi1>) {
  // expected-error @+1 {{mask has 4 entries but there are 6 rows}}
  %0 = gnn.nll_loss mean %h, %y mask %m : (tensor<6x3xf32>, tensor<6xi64>, tensor<4xi1>) -> tensor<f32>
  return
}

// -----

func.func @ce_loss_type(%h: tensor<6x3xf32>, %y: tensor<6xi64>) {
  // expected-error @+1 {{result #0 must be 0D tensor of floating-point values}}
  %0 = gnn.cross_entropy mean %h, %y : (tensor<6x3xf32>, tensor<6xi64>) -> tensor<1xf32>
  return
}

// -----

func.func @ce_loss_element(%h: tensor<6x3xf32>, %y: tensor<6xi64>) {
  // expected-error @+1 {{loss element type must equal the input's}}
  %0 = gnn.cross_entropy mean %h, %y : (tensor<6x3xf32>, tensor<6xi64>) -> tensor<f16>
  return
}

// -----

func.func @mse_shape(%a: tensor<6x3xf32>, %b: tensor<6x2xf32>) {
  // expected-error @+1 {{input and target must have the same shape and element type}}
  %0 = gnn.mse_loss mean %a, %b : (tensor<6x3xf32>, tensor<6x2xf32>) -> tensor<f32>
  return
}

// -----

func.func @l1_mask(%a: tensor<6x3xf32>, %m: tensor<5xi1>) {
  // expected-error @+1 {{mask has 5 entries but there are 6 rows}}
  %0 = gnn.l1_loss mean %a, %a mask %m : (tensor<6x3xf32>, tensor<6x3xf32>, tensor<5xi1>) -> tensor<f32>
  return
}

// -----

func.func @mse_scalar(%a: tensor<f32>) {
  // expected-error @+1 {{input must have rank >= 1}}
  %0 = gnn.mse_loss mean %a, %a : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @reshape_count(%a: tensor<6xf32>) {
  // expected-error @+1 {{cannot reshape 6 elements into 8}}
  %0 = gnn.reshape %a : tensor<6xf32> -> tensor<4x2xf32>
  return
}

// -----

func.func @reshape_dynamic(%a: tensor<?xf32>) {
  // expected-error @+1 {{input and result may each have at most one dynamic dimension, and both or neither}}
  %0 = gnn.reshape %a : tensor<?xf32> -> tensor<4x2xf32>
  return
}

// -----

func.func @reshape_dynamic_count(%a: tensor<?x3xf32>) {
  // expected-error @+1 {{cannot reshape 3 elements into 2}}
  %0 = gnn.reshape %a : tensor<?x3xf32> -> tensor<?x2xf32>
  return
}

// -----

func.func @reshape_type(%a: tensor<8xf32>) {
  // expected-error @+1 {{result element type must equal the input's}}
  %0 = gnn.reshape %a : tensor<8xf32> -> tensor<4x2xi64>
  return
}

// -----

func.func @scatter_mask(%m: tensor<8x3xf32>, %i: tensor<8xi64>, %k: tensor<7xi1>) {
  // expected-error @+1 {{mask has 7 entries but there are 8 rows}}
  %0 = gnn.scatter sum %m, %i mask %k : (tensor<8x3xf32>, tensor<8xi64>, tensor<7xi1>) -> tensor<5x3xf32>
  return
}

// -----

func.func @degree_mask(%i: tensor<8xi64>, %k: tensor<9xi1>) {
  // expected-error @+1 {{mask has 9 entries but there are 8 indices}}
  %0 = gnn.degree %i mask %k : (tensor<8xi64>, tensor<9xi1>) -> tensor<5xf32>
  return
}

// -----

func.func @segment_softmax_mask(%s: tensor<8x2xf32>, %i: tensor<8xi64>, %k: tensor<2xi1>) {
  // expected-error @+1 {{mask has 2 entries but there are 8 rows}}
  %0 = gnn.segment_softmax %s, %i mask %k segments 5 : (tensor<8x2xf32>, tensor<8xi64>, tensor<2xi1>) -> tensor<8x2xf32>
  return
}

// -----

func.func @mp_edge_mask(%x: tensor<5x3xf32>, %src: tensor<8xi64>, %dst: tensor<8xi64>, %k: tensor<5xi1>) {
  // expected-error @+1 {{mask has 5 entries but there are 8 edges}}
  %0 = gnn.message_passing sum edges(%src, %dst : tensor<8xi64>, tensor<8xi64>) sources(%x : tensor<5x3xf32>) edge_mask(%k : tensor<5xi1>) -> tensor<5x3xf32> {
  ^bb0(%xj: tensor<8x3xf32>):
    gnn.yield %xj : tensor<8x3xf32>
  }
  return
}

// -----

func.func @mp_scalar_result(%x: tensor<5x3xf32>, %src: tensor<8xi64>, %dst: tensor<8xi64>) {
  // expected-error @+1 {{result must have the destination nodes as its first dimension}}
  %0 = gnn.message_passing sum edges(%src, %dst : tensor<8xi64>, tensor<8xi64>) sources(%x : tensor<5x3xf32>) -> tensor<f32> {
  ^bb0(%xj: tensor<8x3xf32>):
    %z = gnn.constant dense<0.0> : tensor<8xf32>
    gnn.yield %z : tensor<8xf32>
  }
  return
}

// -----

func.func @pool_mask(%h: tensor<6x3xf32>, %b: tensor<6xi64>, %k: tensor<5xi1>) {
  // expected-error @+1 {{mask has 5 entries but there are 6 rows}}
  %0 = gnn.global_pool mean %h, %b mask %k : (tensor<6x3xf32>, tensor<6xi64>, tensor<5xi1>) -> tensor<2x3xf32>
  return
}

// -----

func.func @batch_norm_mask(%x: tensor<5x4xf32>, %c: tensor<4xf32>, %k: tensor<4xi1>) {
  // expected-error @+1 {{mask has 4 entries but there are 5 rows}}
  %0:3 = gnn.batch_norm %x, %c, %c, %c, %c mask %k : (tensor<5x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi1>) -> (tensor<5x4xf32>, tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

func.func @reduce_mask_dim(%a: tensor<5x3xf32>, %k: tensor<5xi1>) {
  // expected-error @+1 {{a row mask applies to dimension 0, which must be reduced}}
  %0 = gnn.reduce sum %a dims [1] mask %k : tensor<5xi1> : tensor<5x3xf32> -> tensor<5xf32>
  return
}

// -----

func.func @reduce_mask_len(%a: tensor<5x3xf32>, %k: tensor<4xi1>) {
  // expected-error @+1 {{mask has 4 entries but there are 5 rows}}
  %0 = gnn.reduce sum %a dims [0] mask %k : tensor<4xi1> : tensor<5x3xf32> -> tensor<3xf32>
  return
}

// -----

func.func @boolean_index_static(%x: tensor<5x3xf32>, %m: tensor<5xi1>) {
  // expected-error @+1 {{the number of selected rows is data-dependent: the result's first dimension must be '?'}}
  %0 = gnn.boolean_index %x[%m] : (tensor<5x3xf32>, tensor<5xi1>) -> tensor<3x3xf32>
  return
}

// -----

func.func @boolean_index_mask(%x: tensor<5x3xf32>, %m: tensor<4xi1>) {
  // expected-error @+1 {{mask has 4 entries but the source has 5 rows}}
  %0 = gnn.boolean_index %x[%m] : (tensor<5x3xf32>, tensor<4xi1>) -> tensor<?x3xf32>
  return
}

// -----

func.func @boolean_index_row(%x: tensor<5x3xf32>, %m: tensor<5xi1>) {
  // expected-error @+1 {{result must have the source's row shape and element type}}
  %0 = gnn.boolean_index %x[%m] : (tensor<5x3xf32>, tensor<5xi1>) -> tensor<?x2xf32>
  return
}

// -----

func.func @boolean_index_scalar(%x: tensor<f32>, %m: tensor<5xi1>) {
  // expected-error @+1 {{source must have rank >= 1}}
  %0 = gnn.boolean_index %x[%m] : (tensor<f32>, tensor<5xi1>) -> tensor<?xf32>
  return
}

// -----

func.func @self_loops_all_count(%s: tensor<8xi64>, %d: tensor<8xi64>, %x: tensor<5x3xf32>) {
  // expected-error @+1 {{adding 5 self-loops to 8 edges gives 13 edges, not 12}}
  %0:2 = gnn.add_self_loops all %s, %d nodes %x : (tensor<8xi64>, tensor<8xi64>, tensor<5x3xf32>) -> (tensor<12xi64>, tensor<12xi64>)
  return
}

// -----

func.func @self_loops_remaining_static(%s: tensor<8xi64>, %d: tensor<8xi64>, %x: tensor<5x3xf32>) {
  // expected-error @+1 {{the new edge lists must have length '?'}}
  %0:2 = gnn.add_self_loops remaining %s, %d nodes %x : (tensor<8xi64>, tensor<8xi64>, tensor<5x3xf32>) -> (tensor<13xi64>, tensor<13xi64>)
  return
}

// -----

func.func @self_loops_weights_result(%s: tensor<8xi64>, %d: tensor<8xi64>, %w: tensor<8xf32>, %x: tensor<5x3xf32>) {
  // expected-error @+1 {{returns new weights exactly when it is given weights}}
  %0:2 = gnn.add_self_loops all %s, %d weights %w nodes %x : (tensor<8xi64>, tensor<8xi64>, tensor<8xf32>, tensor<5x3xf32>) -> (tensor<13xi64>, tensor<13xi64>)
  return
}

// -----

func.func @self_loops_weights(%s: tensor<8xi64>, %d: tensor<8xi64>, %w: tensor<7xf32>, %x: tensor<5x3xf32>) {
  // expected-error @+1 {{weights have 7 entries but there are 8 edges}}
  %0:3 = gnn.add_self_loops all %s, %d weights %w nodes %x : (tensor<8xi64>, tensor<8xi64>, tensor<7xf32>, tensor<5x3xf32>) -> (tensor<13xi64>, tensor<13xi64>, tensor<13xf32>)
  return
}

// -----

func.func @self_loops_types(%s: tensor<8xi64>, %d: tensor<8xi32>, %x: tensor<5x3xf32>) {
  // expected-error @+1 {{src_index and dst_index must have the same type}}
  %0:2 = gnn.add_self_loops all %s, %d nodes %x : (tensor<8xi64>, tensor<8xi32>, tensor<5x3xf32>) -> (tensor<13xi64>, tensor<13xi64>)
  return
}

// -----

func.func @self_loops_new_types(%s: tensor<8xi64>, %d: tensor<8xi64>, %x: tensor<5x3xf32>) {
  // expected-error @+1 {{new src and dst indices must share the input index element type}}
  %0:2 = gnn.add_self_loops all %s, %d nodes %x : (tensor<8xi64>, tensor<8xi64>, tensor<5x3xf32>) -> (tensor<13xi32>, tensor<13xi32>)
  return
}

// -----

func.func @self_loops_new_weights(%s: tensor<8xi64>, %d: tensor<8xi64>, %w: tensor<8xf32>, %x: tensor<5x3xf32>) {
  // expected-error @+1 {{new weights must match the new edge count and the weights' element type}}
  %0:3 = gnn.add_self_loops all %s, %d weights %w nodes %x : (tensor<8xi64>, tensor<8xi64>, tensor<8xf32>, tensor<5x3xf32>) -> (tensor<13xi64>, tensor<13xi64>, tensor<12xf32>)
  return
}

// -----

func.func @self_loops_mask(%s: tensor<8xi64>, %d: tensor<8xi64>, %x: tensor<5x3xf32>, %k: tensor<3xi1>) {
  // expected-error @+1 {{mask has 3 entries but there are 8 edges}}
  %0:2 = gnn.add_self_loops all %s, %d nodes %x mask %k : (tensor<8xi64>, tensor<8xi64>, tensor<5x3xf32>, tensor<3xi1>) -> (tensor<?xi64>, tensor<?xi64>)
  return
}

// -----

func.func @self_loops_scalar_nodes(%s: tensor<8xi64>, %d: tensor<8xi64>, %x: tensor<f32>) {
  // expected-error @+1 {{nodes must have rank >= 1: its first dimension is the number of nodes}}
  %0:2 = gnn.add_self_loops all %s, %d nodes %x : (tensor<8xi64>, tensor<8xi64>, tensor<f32>) -> (tensor<?xi64>, tensor<?xi64>)
  return
}

// -----

func.func @cmp_types(%a: tensor<5xi64>, %b: tensor<5xi32>) {
  // expected-error @+1 {{operands must share an element type}}
  %0 = gnn.cmp eq %a, %b : (tensor<5xi64>, tensor<5xi32>) -> tensor<5xi1>
  return
}

// -----

func.func @cmp_shape(%a: tensor<5xi64>, %b: tensor<5xi64>) {
  // expected-error @+1 {{result shape must be the broadcast shape of the operands, [5]}}
  %0 = gnn.cmp lt %a, %b : (tensor<5xi64>, tensor<5xi64>) -> tensor<4xi1>
  return
}

// -----

func.func @and_shape(%a: tensor<5xi1>, %b: tensor<4xi1>) {
  // expected-error @+1 {{operand shapes are not broadcast-compatible}}
  %0 = gnn.and %a, %b : (tensor<5xi1>, tensor<4xi1>) -> tensor<5xi1>
  return
}

// -----

func.func @or_type(%a: tensor<5xi64>, %b: tensor<5xi1>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 1-bit signless integer values}}
  %0 = gnn.or %a, %b : (tensor<5xi64>, tensor<5xi1>) -> tensor<5xi1>
  return
}

// -----

func.func @iota_dynamic() {
  // expected-error @+1 {{the length of an iota must be static}}
  %0 = gnn.iota : tensor<?xi64>
  return
}

// -----

// expected-error @+1 {{initialiser attribute 'std' must be finite}}
gnn.parameter @p : tensor<2xf32> init normal {mean = 0.0 : f64, std = 0x7FF8000000000000 : f64}

// -----

// expected-error @+1 {{constant 2.500000e+00 is not representable in 'i64'}}
gnn.parameter @p : tensor<2xi64> init constant {value = 2.5 : f64}

// -----

// expected-error @+1 {{parameter type 'tensor<4611686018427387905x4xf32>' has too many elements}}
gnn.parameter @p : tensor<4611686018427387905x4xf32> init zeros

// -----

func.func @reshape_overflow(%a: tensor<4xf32>) {
  // expected-error @+1 {{shape has too many elements}}
  %0 = gnn.reshape %a : tensor<4xf32> -> tensor<4611686018427387905x4xf32>
  return
}

// -----

func.func @slice_dynamic_extent(%a: tensor<5x8xf32>) {
  // expected-error @+1 {{the result's extent on the sliced axis is the slice size and must be static}}
  %0 = gnn.slice %a axis 1 offset 2 : tensor<5x8xf32> -> tensor<5x?xf32>
  return
}

// -----

func.func @slice_offset_overflow(%a: tensor<5x8xf32>) {
  // expected-error @+1 {{exceeds the input extent 8}}
  %0 = gnn.slice %a axis 1 offset 9223372036854775807 : tensor<5x8xf32> -> tensor<5x1xf32>
  return
}

// -----

func.func @mp_terminator(%x: tensor<5x3xf32>, %src: tensor<8xi64>, %dst: tensor<8xi64>) {
  // expected-error @+1 {{body must end with gnn.yield of the per-edge message}}
  %0 = gnn.message_passing sum edges(%src, %dst : tensor<8xi64>, tensor<8xi64>) sources(%x : tensor<5x3xf32>) -> tensor<5x3xf32> {
  ^bb0(%xj: tensor<8x3xf32>):
    "test.end"() : () -> ()
  }
  return
}

// -----

func.func @mp_edges_from_dst(%x: tensor<5x2xf32>, %src: tensor<?xi64>, %dst: tensor<4xi64>) {
  // expected-error @+1 {{body argument #0 has type 'tensor<5x2xf32>' but its input implies 'tensor<4x2xf32>'}}
  %0 = gnn.message_passing sum edges(%src, %dst : tensor<?xi64>, tensor<4xi64>) sources(%x : tensor<5x2xf32>) -> tensor<5x2xf32> {
  ^bb0(%xj: tensor<5x2xf32>):
    %z = gnn.constant dense<0.0> : tensor<4x2xf32>
    gnn.yield %z : tensor<4x2xf32>
  }
  return
}
