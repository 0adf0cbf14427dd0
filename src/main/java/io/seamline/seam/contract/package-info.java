/**
 * The seam contracts: loading and checking eventstore/contract.yaml and every projections/<model>/contract.yaml,
 * and the contract table generated from them.
 */
package io.seamline.seam.contract;
