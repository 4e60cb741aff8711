// Original file: proto/flic/v1/flic.proto


export interface ListVmsResponse {
  'vmIds'?: (string)[];
  /**
   * The server process's boot id: a random id chosen at each start (also in the `flic-boot-id`
   * response header of every call). A different one means the process restarted and its VMs are
   * gone.
   */
  'bootId'?: (string);
}

export interface ListVmsResponse__Output {
  'vmIds': (string)[];
  /**
   * The server process's boot id: a random id chosen at each start (also in the `flic-boot-id`
   * response header of every call). A different one means the process restarted and its VMs are
   * gone.
   */
  'bootId': (string);
}
